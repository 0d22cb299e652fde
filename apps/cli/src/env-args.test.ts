import { describe, expect, it } from 'vitest';
import { parseEnvArgs } from './env-args.js';
import { EXIT, UsageError } from './errors.js';

describe('parseEnvArgs', () => {
  it('returns undefined when no --env was given', () => {
    expect(parseEnvArgs(undefined)).toBeUndefined();
    expect(parseEnvArgs([])).toBeUndefined();
  });

  it('turns one NAME=VALUE string into an object', () => {
    expect(parseEnvArgs('DEBUG=1')).toEqual({ DEBUG: '1' });
  });

  it('keeps "=" inside the value and allows an empty value', () => {
    expect(parseEnvArgs(['URL=a=b=c', 'EMPTY='])).toEqual({ URL: 'a=b=c', EMPTY: '' });
  });

  it('lets a later entry win over an earlier one with the same name', () => {
    expect(parseEnvArgs(['A=1', 'A=2'])).toEqual({ A: '2' });
  });

  it('rejects an entry without "=" as a usage error naming the entry', () => {
    let caught: unknown;
    try {
      parseEnvArgs(['GOOD=1', 'FOO']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as UsageError).exitCode).toBe(EXIT.usage);
    expect((caught as UsageError).message).toBe('invalid --env "FOO": expected NAME=VALUE');
  });

  it('rejects an entry with an empty name', () => {
    expect(() => parseEnvArgs('=value')).toThrow('invalid --env "=value"');
  });
});
