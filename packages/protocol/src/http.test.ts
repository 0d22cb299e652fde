import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  CreateSessionRequestSchema,
  EnvSchema,
  InputRequestSchema,
  KeyNameSchema,
  ListSessionsQuerySchema,
  LogQuerySchema,
  RenameRequestSchema,
  ResizeRequestSchema,
  StopRequestSchema,
} from './http.js';
import { LIMITS } from './limits.js';

/** The messages a rejected value produces, so tests read like what a user would see. */
function messages(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`expected ${JSON.stringify(value)?.slice(0, 80)} to be rejected`);
  return result.error.issues.map((issue) => issue.message);
}

const COLS_MESSAGE = `columns must be between ${LIMITS.minCols} and ${LIMITS.maxCols}`;
const ROWS_MESSAGE = `rows must be between ${LIMITS.minRows} and ${LIMITS.maxRows}`;
const INPUT_MESSAGE = `input is at most ${LIMITS.maxInputBytes} bytes`;

describe('CreateSessionRequestSchema', () => {
  it('accepts an empty body (every field has a default)', () => {
    expect(CreateSessionRequestSchema.parse({})).toEqual({});
  });

  it('accepts a full request', () => {
    const body = { name: 'agent-1', command: ['claude', '--model', 'x'], cwd: '/srv/app', env: { FOO_1: 'bar' }, cols: 200, rows: 50 };
    expect(CreateSessionRequestSchema.parse(body)).toEqual(body);
  });

  it('accepts sizes at the bounds', () => {
    for (const [cols, rows] of [
      [LIMITS.minCols, LIMITS.minRows],
      [LIMITS.maxCols, LIMITS.maxRows],
    ]) {
      expect(CreateSessionRequestSchema.safeParse({ cols, rows }).success).toBe(true);
    }
  });

  it('explains sizes out of bounds or not whole', () => {
    expect(messages(CreateSessionRequestSchema, { cols: LIMITS.minCols - 1 })).toEqual([COLS_MESSAGE]);
    expect(messages(CreateSessionRequestSchema, { cols: LIMITS.maxCols + 1 })).toEqual([COLS_MESSAGE]);
    expect(messages(CreateSessionRequestSchema, { rows: LIMITS.minRows - 1 })).toEqual([ROWS_MESSAGE]);
    expect(messages(CreateSessionRequestSchema, { rows: LIMITS.maxRows + 1 })).toEqual([ROWS_MESSAGE]);
    expect(messages(CreateSessionRequestSchema, { cols: 80.5 })).toEqual(['columns must be a whole number']);
    expect(messages(CreateSessionRequestSchema, { rows: 24.5 })).toEqual(['rows must be a whole number']);
  });

  it('explains bad names', () => {
    expect(messages(CreateSessionRequestSchema, { name: '' })).toContain('a session name cannot be empty');
    expect(messages(CreateSessionRequestSchema, { name: 'x'.repeat(LIMITS.maxNameLength + 1) })).toEqual([
      `a session name is at most ${LIMITS.maxNameLength} characters`,
    ]);
    const pattern = 'a session name uses letters, digits, ".", "_" and "-", and starts with a letter or digit';
    for (const name of ['-lead', '.hidden', 'has space', 'tab\there', 'emoji😀', 'a/b', 'semi;colon']) {
      expect(messages(CreateSessionRequestSchema, { name })).toEqual([pattern]);
    }
    expect(CreateSessionRequestSchema.safeParse({ name: 'x'.repeat(LIMITS.maxNameLength) }).success).toBe(true);
    expect(CreateSessionRequestSchema.safeParse({ name: 'A1._-z' }).success).toBe(true);
  });

  it('explains an empty command and bounds the argv', () => {
    expect(messages(CreateSessionRequestSchema, { command: [] })).toEqual(['command needs at least the program to run']);
    expect(CreateSessionRequestSchema.safeParse({ command: Array(LIMITS.maxArgs + 1).fill('a') }).success).toBe(false);
    expect(CreateSessionRequestSchema.safeParse({ command: ['x'.repeat(LIMITS.maxArgLength + 1)] }).success).toBe(false);
  });

  it('rejects unknown fields', () => {
    expect(messages(CreateSessionRequestSchema, { shell: '/bin/sh' })).toEqual(['Unrecognized key: "shell"']);
  });

  it('rejects an empty cwd', () => {
    expect(CreateSessionRequestSchema.safeParse({ cwd: '' }).success).toBe(false);
  });
});

describe('EnvSchema', () => {
  it('accepts conventional variable names', () => {
    expect(EnvSchema.parse({ PATH: '/bin', _x: '', a1_B: 'v' })).toEqual({ PATH: '/bin', _x: '', a1_B: 'v' });
  });

  it('explains names that are not variable names', () => {
    for (const key of ['1ABC', 'A-B', 'A B', '']) {
      expect(messages(EnvSchema, { [key]: 'v' })).toEqual([
        `invalid environment variable name "${key}": environment variable names use letters, digits and "_", and do not start with a digit`,
      ]);
    }
  });

  it('bounds the number of entries', () => {
    const env = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`V${i}`, 'x']));
    expect(EnvSchema.safeParse(env(LIMITS.maxEnvEntries)).success).toBe(true);
    expect(messages(EnvSchema, env(LIMITS.maxEnvEntries + 1))).toEqual([`at most ${LIMITS.maxEnvEntries} environment variables`]);
  });
});

describe('InputRequestSchema', () => {
  it('accepts text, keys, enter, or a mix', () => {
    for (const body of [{ text: 'ls' }, { text: '' }, { enter: true }, { keys: ['ctrl+c'] }, { text: 'y', enter: true, keys: ['esc'] }]) {
      expect(InputRequestSchema.parse(body)).toEqual(body);
    }
  });

  it('explains a request with nothing to send', () => {
    for (const body of [{}, { keys: [] }, { enter: false }]) expect(messages(InputRequestSchema, body)).toEqual(['send text, keys, or enter']);
  });

  it('explains an unknown key name, naming it', () => {
    expect(messages(InputRequestSchema, { keys: ['enter', 'hyper+x'] })).toEqual(['unknown key name "hyper+x"']);
  });

  it('accepts input up to the limit in UTF-8 bytes and explains input past it', () => {
    expect(InputRequestSchema.safeParse({ text: 'a'.repeat(LIMITS.maxInputBytes) }).success).toBe(true);
    expect(messages(InputRequestSchema, { text: 'a'.repeat(LIMITS.maxInputBytes + 1) })).toEqual([INPUT_MESSAGE]);
  });

  it('counts bytes, not characters', () => {
    const emoji = '😀'.repeat(LIMITS.maxInputBytes / 4);
    expect(InputRequestSchema.safeParse({ text: emoji }).success).toBe(true);
    expect(messages(InputRequestSchema, { text: `${emoji}a` })).toEqual([INPUT_MESSAGE]);
    expect(messages(InputRequestSchema, { text: 'é'.repeat(LIMITS.maxInputBytes / 2 + 1) })).toEqual([INPUT_MESSAGE]);
  });

  it('bounds the number of keys', () => {
    expect(InputRequestSchema.safeParse({ keys: Array(LIMITS.maxKeys).fill('up') }).success).toBe(true);
    expect(InputRequestSchema.safeParse({ keys: Array(LIMITS.maxKeys + 1).fill('up') }).success).toBe(false);
  });

  it('rejects unknown fields and wrong types', () => {
    expect(messages(InputRequestSchema, { text: 'x', submit: true })).toEqual(['Unrecognized key: "submit"']);
    expect(InputRequestSchema.safeParse({ text: 5 }).success).toBe(false);
    expect(InputRequestSchema.safeParse({ enter: 'yes' }).success).toBe(false);
  });
});

describe('KeyNameSchema', () => {
  it('accepts key names in any case', () => {
    expect(KeyNameSchema.parse('Shift+Tab')).toBe('Shift+Tab');
  });

  it('rejects prototype names', () => {
    expect(messages(KeyNameSchema, 'constructor')).toEqual(['unknown key name "constructor"']);
  });
});

describe('ResizeRequestSchema', () => {
  it('accepts a size within bounds', () => {
    expect(ResizeRequestSchema.parse({ cols: 80, rows: 24 })).toEqual({ cols: 80, rows: 24 });
  });

  it('explains sizes out of bounds', () => {
    expect(messages(ResizeRequestSchema, { cols: 1, rows: 24 })).toEqual([COLS_MESSAGE]);
    expect(messages(ResizeRequestSchema, { cols: 80, rows: 501 })).toEqual([ROWS_MESSAGE]);
    expect(messages(ResizeRequestSchema, { cols: 0, rows: 0 })).toEqual([COLS_MESSAGE, ROWS_MESSAGE]);
  });

  it('requires both dimensions and nothing else', () => {
    expect(ResizeRequestSchema.safeParse({ cols: 80 }).success).toBe(false);
    expect(messages(ResizeRequestSchema, { cols: 80, rows: 24, force: true })).toEqual(['Unrecognized key: "force"']);
  });
});

describe('RenameRequestSchema', () => {
  it('accepts a valid name and rejects an invalid one', () => {
    expect(RenameRequestSchema.parse({ name: 'new-name' })).toEqual({ name: 'new-name' });
    expect(messages(RenameRequestSchema, { name: '' })).toContain('a session name cannot be empty');
  });
});

describe('StopRequestSchema', () => {
  it('accepts a grace period from 0 to 60 s', () => {
    for (const graceMs of [0, 1500, 60_000]) expect(StopRequestSchema.parse({ graceMs })).toEqual({ graceMs });
    expect(StopRequestSchema.parse({})).toEqual({});
  });

  it('rejects negative, fractional or longer grace periods', () => {
    for (const graceMs of [-1, 1.5, 60_001]) expect(StopRequestSchema.safeParse({ graceMs }).success).toBe(false);
  });
});

describe('query schemas', () => {
  it('take booleans as strings', () => {
    for (const all of ['true', 'false', '1', '0']) expect(ListSessionsQuerySchema.parse({ all })).toEqual({ all });
    expect(ListSessionsQuerySchema.safeParse({ all: 'yes' }).success).toBe(false);
  });

  it('coerce a log offset to a non-negative whole number', () => {
    expect(LogQuerySchema.parse({ from: '25' })).toEqual({ from: 25 });
    expect(LogQuerySchema.parse({})).toEqual({});
    for (const from of ['-3', '2.5', 'many']) expect(LogQuerySchema.safeParse({ from }).success).toBe(false);
    expect(LogQuerySchema.safeParse({ lines: '3' }).success).toBe(false);
  });
});
