import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type CodePiperDatabase } from '../storage/database.js';
import { literalInputPattern } from './literal-input-pattern.js';
import { PolicyEngine } from './policy-engine.js';

let dir: string;
let database: CodePiperDatabase;
let engine: PolicyEngine;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codepiper-literal-'));
  database = openDatabase(join(dir, 'codepiper.db'));
  engine = new PolicyEngine({ database, home: '/home/me' });
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const decide = (tool: string, toolInput: unknown) => engine.evaluate({ tool, toolInput, provider: 'claude', cwd: '/home/me/app' }).action;

describe('literalInputPattern', () => {
  it.each<[string, unknown, unknown]>([
    ['Edit', { file_path: '/home/me/app/src/routes/[id]/+page.svelte' }, { file_path: '/home/me/app/src/routes/i/+page.svelte' }],
    ['Read', { file_path: 'notes (draft)!.md' }, { file_path: 'notes draft.md' }],
    ['Bash', { command: 'ls *.ts' }, { command: 'ls a.ts' }],
    ['Bash', { command: 'npm test && npm run lint' }, { command: 'npm test && npm run lint; rm -rf ~' }],
    ['WebFetch', { url: 'https://docs.github.com/x' }, { url: 'https://api.github.com/x' }],
    ['WebSearch', { query: 'what is [x]?' }, { query: 'what is x!' }],
  ])('makes a %s rule that allows the same call and no look-alike', (tool, call, lookAlike) => {
    const input = literalInputPattern(tool, call);
    engine.add({ action: 'allow', tool, ...(input !== null ? { input } : {}) });
    expect(decide(tool, call)).toBe('allow');
    expect(decide(tool, lookAlike)).toBe('ask');
  });

  it('keeps a simple command without glob characters a word prefix', () => {
    expect(literalInputPattern('Bash', { command: 'git status' })).toBe('git status');
    expect(literalInputPattern('Bash', { command: 'ls ~/[a]*' })).toBe('ls ~/\\[a]\\*');
  });

  it('has none for tools without a main input', () => {
    expect(literalInputPattern('mcp__github__create_issue', { title: 'x' })).toBeNull();
  });
});
