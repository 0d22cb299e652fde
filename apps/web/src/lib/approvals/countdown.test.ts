import { describe, expect, it } from 'vitest';
import { timeLeft } from './countdown';

const NOW = Date.parse('2024-01-01T00:00:00.000Z');

describe('timeLeft', () => {
  it('counts minutes and seconds, rounding a part second up', () => {
    expect(timeLeft('2024-01-01T00:04:59.200Z', NOW)).toBe('5:00');
    expect(timeLeft('2024-01-01T00:00:09.000Z', NOW)).toBe('0:09');
    expect(timeLeft('2024-01-01T00:00:00.400Z', NOW)).toBe('0:01');
  });

  it('switches to hours for long waits', () => {
    expect(timeLeft('2024-01-01T01:05:00.000Z', NOW)).toBe('1 h 05 min');
  });

  it('says nothing once the time has passed or for a bad date', () => {
    expect(timeLeft('2024-01-01T00:00:00.000Z', NOW)).toBeUndefined();
    expect(timeLeft('later', NOW)).toBeUndefined();
  });
});
