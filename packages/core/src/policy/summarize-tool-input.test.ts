import { describe, expect, it } from 'vitest';
import { summarizeToolInput } from './summarize-tool-input.js';

describe('summarizeToolInput', () => {
  it('shows a command on one line, marking its newlines', () => {
    expect(summarizeToolInput('Bash', { command: '  git   status\n\trm -rf x\n' })).toBe('git status ↵ rm -rf x');
  });

  it("shows a file tool's path and WebFetch's URL", () => {
    expect(summarizeToolInput('Edit', { file_path: '/src/a.ts', old_string: 'a', new_string: 'b' })).toBe('/src/a.ts');
    expect(summarizeToolInput('WebFetch', { url: 'https://example.org/x', prompt: 'summarise' })).toBe('https://example.org/x');
  });

  it('shows anything else as compact JSON', () => {
    expect(summarizeToolInput('mcp__github__create_issue', { title: 'Bug', labels: ['a'] })).toBe('{"title":"Bug","labels":["a"]}');
    expect(summarizeToolInput('Task', undefined)).toBe('');
  });

  it('strips control characters', () => {
    expect(summarizeToolInput('Bash', { command: 'echo \u001b[31mred\u0007' })).toBe('echo [31mred');
    expect(summarizeToolInput('Read', 'a\u2028b')).toBe('ab');
  });

  it('cuts at 200 characters with an ellipsis', () => {
    const summary = summarizeToolInput('Bash', { command: `echo ${'x'.repeat(500)}` });
    expect([...summary]).toHaveLength(200);
    expect(summary.endsWith('…')).toBe(true);
    expect(summarizeToolInput('Bash', { command: 'x'.repeat(200) })).toBe('x'.repeat(200));
  });
});
