import { describe, expect, it } from 'vitest';
import { mainInput, mainInputOf } from './main-input.js';

describe('mainInputOf', () => {
  it('reads the field each tool acts on', () => {
    expect(mainInputOf('Bash', { command: 'ls -la', description: 'list' })).toBe('ls -la');
    expect(mainInputOf('Read', { file_path: '/a/b.ts' })).toBe('/a/b.ts');
    expect(mainInputOf('Write', { file_path: '/a/b.ts', content: 'x' })).toBe('/a/b.ts');
    expect(mainInputOf('Edit', { file_path: '/a/b.ts', old_string: 'a', new_string: 'b' })).toBe('/a/b.ts');
    expect(mainInputOf('MultiEdit', { file_path: '/a/b.ts', edits: [] })).toBe('/a/b.ts');
    expect(mainInputOf('NotebookEdit', { notebook_path: '/a/n.ipynb' })).toBe('/a/n.ipynb');
    expect(mainInputOf('WebSearch', { query: 'vitest projects' })).toBe('vitest projects');
  });

  it('takes Glob and Grep paths, else their pattern', () => {
    expect(mainInputOf('Glob', { pattern: '**/*.ts', path: '/src' })).toBe('/src');
    expect(mainInputOf('Glob', { pattern: 'src/**/*.ts' })).toBe('src/**/*.ts');
    expect(mainInputOf('Grep', { pattern: 'TODO', path: 'lib' })).toBe('lib');
  });

  it("reads WebFetch's host, lower-case", () => {
    expect(mainInputOf('WebFetch', { url: 'https://API.GitHub.com/repos/x?y=1', prompt: 'p' })).toBe('api.github.com');
    expect(mainInputOf('WebFetch', { url: 'not a url at all' })).toBeNull();
  });

  it('reads Codex commands, joining an argv and unwrapping bash -lc', () => {
    expect(mainInputOf('exec_command', { cmd: 'git status' })).toBe('git status');
    expect(mainInputOf('shell', { command: ['ls', '-la', '/tmp'] })).toBe('ls -la /tmp');
    expect(mainInputOf('shell', { command: ['bash', '-lc', 'git status; rm x'] })).toBe('git status; rm x');
    expect(mainInputOf('shell', { command: ['/bin/sh', '-c', 'make'] })).toBe('make');
  });

  it('has none for MCP and other tools, or a malformed input', () => {
    expect(mainInputOf('mcp__github__create_issue', { title: 'x' })).toBeNull();
    expect(mainInputOf('Task', { prompt: 'x' })).toBeNull();
    expect(mainInputOf('Bash', { command: 42 })).toBeNull();
    expect(mainInputOf('Read', null)).toBeNull();
    expect(mainInputOf('mcp__x__y', 'text')).toBeNull();
  });

  it('takes a string input as the main input itself, a URL still giving its host', () => {
    expect(mainInput('Bash', 'git status')).toEqual({ kind: 'command', text: 'git status' });
    expect(mainInput('Read', 'src/a.ts')).toEqual({ kind: 'path', text: 'src/a.ts' });
    expect(mainInputOf('WebFetch', 'https://docs.github.com/en')).toBe('docs.github.com');
    expect(mainInputOf('WebFetch', 'Example.org')).toBe('example.org');
  });
});
