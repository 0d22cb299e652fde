import { describe, expect, it } from 'vitest';
import { ToolCallLog } from './tool-call-log.js';

describe('ToolCallLog', () => {
  it('finds the latest call with the same prompt, tool and input, per session', () => {
    const log = new ToolCallLog();
    const input = { command: 'npm test', description: 'tests' };
    log.record('s1', { toolUseId: 'toolu_1', promptId: 'p1', tool: 'Bash', input });
    log.record('s1', { toolUseId: 'toolu_2', promptId: 'p1', tool: 'Bash', input: { description: 'tests', command: 'npm test' } });
    log.record('s1', { toolUseId: 'toolu_3', promptId: 'p1', tool: 'Bash', input: { command: 'npm run lint' } });
    log.record('s2', { toolUseId: 'toolu_4', promptId: 'p1', tool: 'Bash', input });

    expect(log.find('s1', 'p1', 'Bash', { ...input })).toBe('toolu_2');
    expect(log.find('s1', 'p2', 'Bash', input)).toBeUndefined();
    expect(log.find('s1', 'p1', 'Edit', input)).toBeUndefined();
    expect(log.find('s2', 'p1', 'Bash', input)).toBe('toolu_4');
    log.forget('s1');
    expect(log.find('s1', 'p1', 'Bash', input)).toBeUndefined();
  });

  it('keeps only the recent calls of a long session', () => {
    const log = new ToolCallLog();
    for (let i = 0; i < 100; i++) log.record('s1', { toolUseId: `toolu_${i}`, promptId: 'p1', tool: 'Bash', input: { command: `echo ${i}` } });
    expect(log.find('s1', 'p1', 'Bash', { command: 'echo 99' })).toBe('toolu_99');
    expect(log.find('s1', 'p1', 'Bash', { command: 'echo 0' })).toBeUndefined();
  });
});
