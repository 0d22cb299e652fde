import { describe, expect, it } from 'vitest';
import { parseSince } from './parse-since.js';

const NOW = Date.parse('2026-11-24T12:00:00.000Z');

describe('parseSince', () => {
  it('reads durations back from now', () => {
    expect(parseSince('30m', NOW).toISOString()).toBe('2026-11-24T11:30:00.000Z');
    expect(parseSince('24h', NOW).toISOString()).toBe('2026-11-23T12:00:00.000Z');
    expect(parseSince('7d', NOW).toISOString()).toBe('2026-11-17T12:00:00.000Z');
    expect(parseSince('2w', NOW).toISOString()).toBe('2026-11-10T12:00:00.000Z');
  });

  it('reads ISO dates, a bare date as UTC midnight', () => {
    expect(parseSince('2026-11-01').toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince('2026-11-01T10:00:00+02:00').toISOString()).toBe('2026-11-01T08:00:00.000Z');
  });

  it('refuses a date that does not exist with a 400', () => {
    expect(() => parseSince('2026-13-45')).toThrow(expect.objectContaining({ code: 'bad_request', message: 'since: "2026-13-45" is not a date' }));
    expect(() => parseSince('99999999999w')).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });
});
