import { describe, expect, it } from 'vitest';
import { OutputRing } from './output-ring.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined): string | undefined => (data ? new TextDecoder().decode(data) : undefined);

describe('OutputRing', () => {
  it('returns the bytes from any offset it still holds', () => {
    const ring = new OutputRing(1024, 100);
    ring.append(100, bytes('hello '));
    ring.append(106, bytes('world'));
    expect(text(ring.sliceFrom(100))).toBe('hello world');
    expect(text(ring.sliceFrom(103))).toBe('lo world');
    expect(text(ring.sliceFrom(111))).toBe('');
    expect(ring.end).toBe(111);
  });

  it('drops the oldest chunks once over capacity and refuses offsets it no longer holds', () => {
    const ring = new OutputRing(10, 0);
    ring.append(0, bytes('aaaaaa'));
    ring.append(6, bytes('bbbbbb'));
    expect(ring.start).toBe(6);
    expect(ring.sliceFrom(0)).toBeUndefined();
    expect(text(ring.sliceFrom(6))).toBe('bbbbbb');
  });

  it('restarts at a discontinuous offset instead of splicing unrelated bytes', () => {
    const ring = new OutputRing(1024, 0);
    ring.append(0, bytes('abc'));
    ring.append(50, bytes('xyz'));
    expect(ring.sliceFrom(0)).toBeUndefined();
    expect(text(ring.sliceFrom(50))).toBe('xyz');
  });

  it('refuses offsets beyond what it has seen', () => {
    const ring = new OutputRing(1024, 0);
    ring.append(0, bytes('abc'));
    expect(ring.sliceFrom(4)).toBeUndefined();
  });

  it('visits the held pieces from an offset with the frames they came in, and refuses offsets it no longer holds', () => {
    const ring = new OutputRing(10, 0);
    const frame = bytes('FRAME');
    ring.append(0, bytes('aaaa'));
    ring.append(4, bytes('bbbb'), frame);
    ring.append(8, bytes('cccc'));
    const seen: Array<[Uint8Array | undefined, number, string | undefined]> = [];
    expect(ring.visitFrom(5, (f, offset, payload) => (seen.push([f, offset, text(payload)]), true))).toBe(true);
    expect(seen).toEqual([
      [frame, 4, 'bbbb'],
      [undefined, 8, 'cccc'],
    ]);
    expect(ring.visitFrom(0, () => true)).toBe(false);
  });

  it('stops visiting when told to', () => {
    const ring = new OutputRing(1024, 0);
    ring.append(0, bytes('a'));
    ring.append(1, bytes('b'));
    let visits = 0;
    expect(ring.visitFrom(0, () => (visits++, false))).toBe(true);
    expect(visits).toBe(1);
  });
});
