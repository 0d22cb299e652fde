import { describe, expect, it } from 'vitest';
import { MarkNotificationsReadRequestSchema, SubscribeRequestSchema, UpdateSessionNotificationsRequestSchema } from './push.js';
import { ClientMessageSchema } from './ws.js';

const P256DH = `B${'A'.repeat(86)}`;
const AUTH = 'A'.repeat(22);
const subscription = { endpoint: 'https://fcm.googleapis.com/fcm/send/abc:APA91b', expirationTime: null, keys: { p256dh: P256DH, auth: AUTH } };

describe('SubscribeRequestSchema', () => {
  it("accepts a browser's PushSubscription JSON with an optional device name", () => {
    expect(SubscribeRequestSchema.parse({ ...subscription, name: '  my phone ' })).toEqual({ ...subscription, name: 'my phone' });
    expect(SubscribeRequestSchema.safeParse({ endpoint: subscription.endpoint, keys: subscription.keys }).success).toBe(true);
  });

  it('refuses endpoints that are not https', () => {
    for (const endpoint of ['http://push.example/x', 'javascript:alert(1)', 'https://', 'https://user@host/x', 'ftp://x']) {
      expect(SubscribeRequestSchema.safeParse({ ...subscription, endpoint }).success, endpoint).toBe(false);
    }
  });

  it('refuses keys of the wrong length or alphabet', () => {
    const bad = [
      { p256dh: P256DH.slice(0, 80), auth: AUTH },
      { p256dh: `A${'A'.repeat(86)}`, auth: AUTH },
      { p256dh: P256DH, auth: 'A'.repeat(30) },
      { p256dh: P256DH, auth: `${'A'.repeat(21)}+` },
    ];
    for (const keys of bad) expect(SubscribeRequestSchema.safeParse({ ...subscription, keys }).success, JSON.stringify(keys)).toBe(false);
  });
});

describe('notification requests', () => {
  it('takes exactly one way of choosing what to mark read', () => {
    expect(MarkNotificationsReadRequestSchema.safeParse({ ids: [1, 2] }).success).toBe(true);
    expect(MarkNotificationsReadRequestSchema.safeParse({ session: 'api' }).success).toBe(true);
    expect(MarkNotificationsReadRequestSchema.safeParse({ all: true }).success).toBe(true);
    expect(MarkNotificationsReadRequestSchema.safeParse({}).success).toBe(false);
    expect(MarkNotificationsReadRequestSchema.safeParse({ ids: [1], all: true }).success).toBe(false);
  });

  it('lets a session override be set, cleared with null, and refuses an empty change', () => {
    expect(UpdateSessionNotificationsRequestSchema.parse({ complete: false, crashed: null })).toEqual({ complete: false, crashed: null });
    expect(UpdateSessionNotificationsRequestSchema.safeParse({}).success).toBe(false);
  });
});

describe('presence message', () => {
  it('carries the visible session, or none, and the endpoint', () => {
    expect(ClientMessageSchema.parse({ type: 'presence', session: 'a1b2c3d4', visible: true, endpoint: subscription.endpoint })).toMatchObject({ type: 'presence' });
    expect(ClientMessageSchema.safeParse({ type: 'presence', session: null, visible: false }).success).toBe(true);
    expect(ClientMessageSchema.safeParse({ type: 'presence', session: 'api', visible: true }).success).toBe(false);
  });
});
