import { describe, expect, it } from 'vitest';
import { formatTimestamp } from './timestamp.js';

describe('formatTimestamp', () => {
  it('shows local wall-clock time to the second', () => {
    // Built from local fields, so the expectation holds in any time zone.
    expect(formatTimestamp(new Date(2025, 0, 2, 3, 4, 5, 678).toISOString())).toBe('2025-01-02 03:04:05');
  });

  it('passes text that is not a timestamp through', () => {
    expect(formatTimestamp('yesterday')).toBe('yesterday');
  });
});
