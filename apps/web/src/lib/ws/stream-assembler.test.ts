import { describe, expect, it } from 'vitest';
import { StreamAssembler } from './stream-assembler';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe('StreamAssembler', () => {
  it('ignores output until a snapshot says where the screen stands', () => {
    const assembler = new StreamAssembler();
    expect(assembler.output(0, bytes('abc')).kind).toBe('skip');
    const reset = assembler.snapshot(10, bytes('screen'));
    expect(reset).toMatchObject({ kind: 'reset', offset: 10 });
    expect(assembler.offset).toBe(10);
  });

  it('writes contiguous output and advances the offset', () => {
    const assembler = new StreamAssembler(5);
    const step = assembler.output(5, bytes('hello'));
    expect(step.kind).toBe('write');
    expect(assembler.offset).toBe(10);
  });

  it('drops a repeat and trims an overlap so no byte is written twice', () => {
    const assembler = new StreamAssembler(0);
    assembler.output(0, bytes('abcdef'));
    expect(assembler.output(2, bytes('cd')).kind).toBe('skip');
    const step = assembler.output(4, bytes('efgh'));
    expect(step.kind).toBe('write');
    if (step.kind === 'write') {
      expect(text(step.data)).toBe('gh');
      expect(step.offset).toBe(6);
    }
    expect(assembler.offset).toBe(8);
  });

  it('reports a gap instead of writing output that skips bytes', () => {
    const assembler = new StreamAssembler(3);
    expect(assembler.output(7, bytes('x'))).toEqual({ kind: 'gap', expected: 3, got: 7 });
    expect(assembler.offset).toBe(3);
  });

  it('moves back to an older snapshot offset, as the daemon may resync behind what was sent', () => {
    const assembler = new StreamAssembler(100);
    assembler.snapshot(90, bytes('screen'));
    expect(assembler.output(90, bytes('0123456789')).kind).toBe('write');
    expect(assembler.offset).toBe(100);
  });
});
