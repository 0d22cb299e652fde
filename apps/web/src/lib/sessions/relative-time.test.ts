import { describe, expect, it } from 'vitest';
import { ago, shortDuration } from './relative-time';

const NOW = Date.parse('2024-06-01T12:00:00Z');

describe('relative time', () => {
  it('uses the largest whole unit', () => {
    expect(shortDuration('2024-06-01T11:59:30Z', NOW)).toBe('30 s');
    expect(shortDuration('2024-06-01T11:55:00Z', NOW)).toBe('5 min');
    expect(shortDuration('2024-06-01T09:00:00Z', NOW)).toBe('3 h');
    expect(shortDuration('2024-05-28T12:00:00Z', NOW)).toBe('4 d');
    expect(shortDuration('2023-01-02T00:00:00Z', NOW)).toBe('2023-01-02');
  });

  it('says just now, ago, or never', () => {
    expect(ago('2024-06-01T11:59:58Z', NOW)).toBe('just now');
    expect(ago('2024-06-01T11:58:00Z', NOW)).toBe('2 min ago');
    expect(ago(null, NOW)).toBe('never');
  });

  it('never shows a negative age when clocks disagree', () => {
    expect(shortDuration('2024-06-01T12:00:09Z', NOW)).toBe('0 s');
  });
});
