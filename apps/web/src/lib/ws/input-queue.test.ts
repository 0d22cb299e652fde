import { describe, expect, it } from 'vitest';
import { InputQueue } from './input-queue';

describe('InputQueue', () => {
  it('gives back queued input in order and empties', () => {
    const queue = new InputQueue(100);
    queue.push({ session: 'aaaaaaaa', parts: ['ls'] });
    queue.push({ session: 'bbbbbbbb', parts: ['pwd'] });
    queue.push({ session: 'aaaaaaaa', parts: ['\r'] });
    expect(queue.drain().map((i) => i.parts.join(''))).toEqual(['ls', 'pwd', '\r']);
    expect(queue.length).toBe(0);
  });

  it('refuses input past its byte bound, counting UTF-8 bytes', () => {
    const queue = new InputQueue(6);
    expect(queue.push({ session: 'aaaaaaaa', parts: ['éé'] })).toBe(true);
    expect(queue.push({ session: 'aaaaaaaa', parts: ['ééé'] })).toBe(false);
    expect(queue.push({ session: 'aaaaaaaa', parts: ['ab'] })).toBe(true);
    expect(queue.length).toBe(2);
  });

  it('counts a prompt and its Enter as one queued input, bounded by all their bytes', () => {
    const queue = new InputQueue(5);
    expect(queue.push({ session: 'aaaaaaaa', parts: ['ls', '\r'] })).toBe(true);
    expect(queue.length).toBe(1);
    expect(queue.push({ session: 'aaaaaaaa', parts: ['pw', 'd'] })).toBe(false);
  });

  it('drops the input of one session and frees its bytes', () => {
    const queue = new InputQueue(4);
    queue.push({ session: 'aaaaaaaa', parts: ['abcd'] });
    queue.dropSession('aaaaaaaa');
    expect(queue.push({ session: 'bbbbbbbb', parts: ['wxyz'] })).toBe(true);
    expect(queue.drain()).toEqual([{ session: 'bbbbbbbb', parts: ['wxyz'] }]);
  });
});
