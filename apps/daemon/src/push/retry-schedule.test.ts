import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfter, verdictFor } from './retry-schedule.js';

const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const DAY = NOW + 86_400_000;

describe('verdictFor', () => {
  it('calls any 2xx delivered', () => {
    expect(verdictFor({ number: 1, status: 201 }, NOW, DAY)).toEqual({ kind: 'delivered' });
    expect(verdictFor({ number: 3, status: 200 }, NOW, DAY)).toEqual({ kind: 'delivered' });
  });

  it('calls 404 and 410 gone, on any attempt', () => {
    expect(verdictFor({ number: 1, status: 404 }, NOW, DAY)).toEqual({ kind: 'gone' });
    expect(verdictFor({ number: 5, status: 410 }, NOW, DAY)).toEqual({ kind: 'gone' });
  });

  it('does not retry other 4xx: the request would stay wrong', () => {
    for (const status of [400, 401, 403, 413]) expect(verdictFor({ number: 1, status }, NOW, DAY).kind).toBe('failed');
  });

  it('retries 429, 5xx and no answer with the back-off schedule', () => {
    expect(verdictFor({ number: 1, status: 500 }, NOW, DAY)).toEqual({ kind: 'retry', delayMs: 1000 });
    expect(verdictFor({ number: 2, status: 503 }, NOW, DAY)).toEqual({ kind: 'retry', delayMs: 2000 });
    expect(verdictFor({ number: 3, status: 429 }, NOW, DAY)).toEqual({ kind: 'retry', delayMs: 4000 });
    expect(verdictFor({ number: 4, status: null }, NOW, DAY)).toEqual({ kind: 'retry', delayMs: 8000 });
  });

  it('honours Retry-After over the back-off', () => {
    expect(verdictFor({ number: 1, status: 429, retryAfter: '7' }, NOW, DAY)).toEqual({ kind: 'retry', delayMs: 7000 });
    expect(verdictFor({ number: 1, status: 503, retryAfter: new Date(NOW + 3000).toUTCString() }, NOW, DAY)).toEqual({ kind: 'retry', delayMs: 3000 });
  });

  it('gives up after the last attempt', () => {
    const verdict = verdictFor({ number: DEFAULT_RETRY_POLICY.maxAttempts, status: 500 }, NOW, DAY);
    expect(verdict).toMatchObject({ kind: 'failed', why: `gave up after ${DEFAULT_RETRY_POLICY.maxAttempts} attempts` });
  });

  it('gives up rather than wait past the notification\'s TTL or the longest delay', () => {
    expect(verdictFor({ number: 1, status: 500 }, NOW, NOW + 500).kind).toBe('failed');
    expect(verdictFor({ number: 1, status: 429, retryAfter: '3600' }, NOW, DAY).kind).toBe('failed');
  });
});

describe('backoffDelayMs', () => {
  it('doubles from the base and stops at the maximum', () => {
    const policy = { maxAttempts: 20, baseMs: 1000, maxDelayMs: 10_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(parseRetryAfter('1', NOW)).toBe(1000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter(new Date(NOW + 120_000).toUTCString(), NOW)).toBe(120_000);
    expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });
});
