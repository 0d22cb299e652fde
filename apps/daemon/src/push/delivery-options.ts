import { createHash } from 'node:crypto';
import { PUSH_OUTCOME_TTL_SECONDS, PUSH_RESOLVED_MIN_TTL_SECONDS, PUSH_TEST_TTL_SECONDS } from '../constants.js';

/** RFC 8030 Urgency: high may wake a phone from deep sleep, normal and low wait for a convenient moment. */
export type PushUrgency = 'very-low' | 'low' | 'normal' | 'high';

/** What a push is about, as far as its delivery headers are concerned. */
export type PushSubject =
  | { kind: 'complete' | 'crashed'; sessionId: string }
  | { kind: 'approval' | 'approval-resolved'; sessionId: string; approvalId: string; expiresAt: string }
  | { kind: 'test' };

export interface DeliveryOptions {
  ttlSeconds: number;
  urgency: PushUrgency;
  /** RFC 8030 Topic: a push service keeps only the newest undelivered message per topic. */
  topic: string;
  /** The service worker's Notification tag: the newest notification with a tag replaces the older one. */
  tag: string;
}

/**
 * TTL, Urgency, Topic and tag of a push; undefined when it is no longer worth sending (an approval
 * that has already expired).
 *
 * - complete/crashed share one topic and tag per session: what matters is the session's latest outcome,
 *   so a phone that was offline through five finished turns gets one notification, not five.
 * - an approval has its own topic and tag (two pending calls of one session must not hide each
 *   other); its TTL ends when the agent stops waiting, and it is the one urgent kind.
 * - approval-resolved reuses the approval's topic and tag, so it replaces the approval's notification,
 *   queued or shown, once the call was decided elsewhere.
 */
export function deliveryOptionsFor(subject: PushSubject, now: number): DeliveryOptions | undefined {
  switch (subject.kind) {
    case 'complete':
    case 'crashed':
      return { ttlSeconds: PUSH_OUTCOME_TTL_SECONDS, urgency: 'normal', topic: topicOf(`session:${subject.sessionId}:status`), tag: `session-${subject.sessionId}` };
    case 'approval': {
      const remaining = secondsUntil(subject.expiresAt, now);
      if (remaining <= 0) return undefined;
      return { ttlSeconds: remaining, urgency: 'high', topic: topicOf(`approval:${subject.approvalId}`), tag: `approval-${subject.approvalId}` };
    }
    case 'approval-resolved':
      return {
        ttlSeconds: Math.max(secondsUntil(subject.expiresAt, now), PUSH_RESOLVED_MIN_TTL_SECONDS),
        urgency: 'low',
        topic: topicOf(`approval:${subject.approvalId}`),
        tag: `approval-${subject.approvalId}`,
      };
    case 'test':
      return { ttlSeconds: PUSH_TEST_TTL_SECONDS, urgency: 'normal', topic: topicOf('test'), tag: 'test' };
  }
}

/**
 * A Topic is at most 32 characters of the URL-safe base64 alphabet (RFC 8030 §5.4): the first 24
 * bytes of a SHA-256 are exactly 32 such characters, and the key (a session or approval id) does not
 * travel to the push service in the clear.
 */
export function topicOf(key: string): string {
  return createHash('sha256').update(`codepiper:${key}`).digest().subarray(0, 24).toString('base64url');
}

function secondsUntil(iso: string, now: number): number {
  const at = Date.parse(iso);
  return Number.isFinite(at) ? Math.ceil((at - now) / 1000) : 0;
}
