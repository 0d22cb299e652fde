import { PUSH_MAX_ATTEMPTS, PUSH_RETRY_BASE_MS, PUSH_RETRY_MAX_DELAY_MS } from '../constants.js';

/** What to do after one attempt. */
export type AttemptVerdict =
  | { kind: 'delivered' }
  /** 404/410: the subscription no longer exists; remove it. */
  | { kind: 'gone' }
  | { kind: 'retry'; delayMs: number }
  | { kind: 'failed'; why: string };

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: PUSH_MAX_ATTEMPTS, baseMs: PUSH_RETRY_BASE_MS, maxDelayMs: PUSH_RETRY_MAX_DELAY_MS };

/**
 * The verdict on attempt number `attempt` (1-based) that ended with HTTP `status` (null: no answer,
 * e.g. a timeout or a refused connection). 429, 5xx and no answer are worth retrying; other 4xx are
 * not (our request is wrong and will stay wrong). A retry waits Retry-After when the service sent one,
 * else an exponential back-off (1 s, 2 s, 4 s, …); no jitter, since one daemon is no thundering herd.
 * No retry is scheduled past `deadline` (when the notification's TTL ends) or beyond the policy's limits.
 */
export function verdictFor(
  attempt: { number: number; status: number | null; retryAfter?: string | undefined },
  now: number,
  deadline: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): AttemptVerdict {
  const { status } = attempt;
  if (status !== null && status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 404 || status === 410) return { kind: 'gone' };
  const retryable = status === null || status === 429 || status >= 500;
  if (!retryable) return { kind: 'failed', why: `the push service refused it (HTTP ${status})` };
  if (attempt.number >= policy.maxAttempts) return { kind: 'failed', why: `gave up after ${attempt.number} attempts` };
  const asked = parseRetryAfter(attempt.retryAfter, now);
  const delayMs = asked ?? backoffDelayMs(attempt.number, policy);
  if (delayMs > policy.maxDelayMs) return { kind: 'failed', why: `the push service asked to wait ${Math.round(delayMs / 1000)} s, longer than a notification stays useful` };
  if (now + delayMs >= deadline) return { kind: 'failed', why: 'the notification would expire before the next attempt' };
  return { kind: 'retry', delayMs };
}

/** The wait after failed attempt `attempt` (1-based): base × 2^(attempt−1), capped at the policy's maximum. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  return Math.min(policy.baseMs * 2 ** Math.max(0, attempt - 1), policy.maxDelayMs);
}

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (!Number.isFinite(at)) return undefined;
  return Math.max(0, at - now);
}
