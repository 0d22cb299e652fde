import { describe, expect, it } from 'vitest';
import { RECONNECT_CAP_MS } from '../constants';
import { reconnectDelay } from './backoff';

describe('reconnectDelay', () => {
  it('doubles from the base and never exceeds the cap', () => {
    const top = (attempt: number) => reconnectDelay(attempt, { baseMs: 500, capMs: 10_000, random: () => 0.999999 });
    expect([0, 1, 2, 3, 4, 5, 6, 50].map(top)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('draws each delay between half and all of its nominal value', () => {
    expect(reconnectDelay(2, { baseMs: 500, random: () => 0 })).toBe(1000);
    expect(reconnectDelay(2, { baseMs: 500, random: () => 0.5 })).toBe(1500);
  });

  it('keeps the default cap at about ten seconds', () => {
    expect(reconnectDelay(1000)).toBeLessThanOrEqual(RECONNECT_CAP_MS);
    expect(RECONNECT_CAP_MS).toBeLessThanOrEqual(10_000);
  });
});
