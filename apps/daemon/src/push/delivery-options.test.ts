import { describe, expect, it } from 'vitest';
import { PUSH_OUTCOME_TTL_SECONDS, PUSH_RESOLVED_MIN_TTL_SECONDS } from '../constants.js';
import { deliveryOptionsFor, topicOf } from './delivery-options.js';

const NOW = Date.parse('2026-06-01T12:00:00.000Z');

describe('deliveryOptionsFor', () => {
  it('gives complete and crashed of one session the same topic and tag, normal urgency and a day of TTL', () => {
    const complete = deliveryOptionsFor({ kind: 'complete', sessionId: 'a1b2c3d4' }, NOW)!;
    const crashed = deliveryOptionsFor({ kind: 'crashed', sessionId: 'a1b2c3d4' }, NOW)!;
    expect(complete).toEqual({ ttlSeconds: PUSH_OUTCOME_TTL_SECONDS, urgency: 'normal', topic: crashed.topic, tag: 'session-a1b2c3d4' });
    expect(crashed.tag).toBe('session-a1b2c3d4');
    expect(PUSH_OUTCOME_TTL_SECONDS).toBe(86_400);
  });

  it('gives each session its own topic', () => {
    const a = deliveryOptionsFor({ kind: 'complete', sessionId: 'a1b2c3d4' }, NOW)!;
    const b = deliveryOptionsFor({ kind: 'complete', sessionId: 'e5f6a7b8' }, NOW)!;
    expect(a.topic).not.toBe(b.topic);
  });

  it('makes an approval urgent until it expires, with its own topic and tag', () => {
    const options = deliveryOptionsFor({ kind: 'approval', sessionId: 'a1b2c3d4', approvalId: '0badcafe', expiresAt: '2026-06-01T12:05:00.000Z' }, NOW)!;
    expect(options).toEqual({ ttlSeconds: 300, urgency: 'high', topic: topicOf('approval:0badcafe'), tag: 'approval-0badcafe' });
    expect(options.topic).not.toBe(deliveryOptionsFor({ kind: 'complete', sessionId: 'a1b2c3d4' }, NOW)!.topic);
  });

  it('sends nothing for an approval that has already expired', () => {
    expect(deliveryOptionsFor({ kind: 'approval', sessionId: 'a1b2c3d4', approvalId: '0badcafe', expiresAt: '2026-06-01T11:59:59.000Z' }, NOW)).toBeUndefined();
  });

  it('replaces an approval with its resolution: same topic and tag, low urgency, at least a minute of TTL', () => {
    const approval = deliveryOptionsFor({ kind: 'approval', sessionId: 'a1b2c3d4', approvalId: '0badcafe', expiresAt: '2026-06-01T12:05:00.000Z' }, NOW)!;
    const resolved = deliveryOptionsFor({ kind: 'approval-resolved', sessionId: 'a1b2c3d4', approvalId: '0badcafe', expiresAt: '2026-06-01T12:00:10.000Z' }, NOW)!;
    expect(resolved).toEqual({ ttlSeconds: PUSH_RESOLVED_MIN_TTL_SECONDS, urgency: 'low', topic: approval.topic, tag: approval.tag });
  });
});

describe('topicOf', () => {
  it('yields 32 characters of the URL-safe base64 alphabet (RFC 8030 §5.4)', () => {
    for (const key of ['session:a1b2c3d4:status', 'approval:0badcafe', 'test', '']) {
      expect(topicOf(key)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    }
  });

  it('does not reveal the key', () => {
    expect(topicOf('session:a1b2c3d4:status')).not.toContain('a1b2c3d4');
  });
});
