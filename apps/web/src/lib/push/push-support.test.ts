import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, isIos, pushSupport, sameServerKey, type PushEnvironment } from './push-support';

const desktop: PushEnvironment = { secureContext: true, serviceWorker: true, pushManager: true, notification: true, ios: false, standalone: false };

describe('pushSupport', () => {
  it('is supported on a secure page with a service worker, push and notifications', () => {
    expect(pushSupport(desktop)).toEqual({ kind: 'supported' });
  });

  it('asks iOS users to add the app to the Home Screen first', () => {
    expect(pushSupport({ ...desktop, ios: true, pushManager: false, notification: false })).toEqual({ kind: 'ios-install' });
    expect(pushSupport({ ...desktop, ios: true, standalone: true })).toEqual({ kind: 'supported' });
    expect(pushSupport({ ...desktop, ios: true, standalone: true, pushManager: false })).toMatchObject({ kind: 'unsupported', reason: expect.stringContaining('16.4') });
  });

  it('needs https', () => {
    expect(pushSupport({ ...desktop, secureContext: false, serviceWorker: false, pushManager: false })).toEqual({ kind: 'insecure' });
  });

  it('says what is missing in a browser without push', () => {
    expect(pushSupport({ ...desktop, pushManager: false })).toMatchObject({ kind: 'unsupported', reason: expect.stringContaining('does not support') });
    expect(pushSupport({ ...desktop, serviceWorker: false })).toMatchObject({ kind: 'unsupported', reason: expect.stringContaining('service workers') });
  });
});

describe('isIos', () => {
  it('finds iPhones and iPads, including an iPad asking for desktop pages', () => {
    expect(isIos('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)', 5)).toBe(true);
    expect(isIos('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', 5)).toBe(true);
    expect(isIos('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', 0)).toBe(false);
    expect(isIos('Mozilla/5.0 (Linux; Android 14)', 5)).toBe(false);
  });
});

describe('server keys', () => {
  it('decodes base64url to the key bytes', () => {
    const bytes = Uint8Array.from({ length: 65 }, (_, i) => (i * 37) % 256);
    const text = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect([...base64UrlToBytes(text)]).toEqual([...bytes]);
    expect([...base64UrlToBytes(`${text}=`)]).toEqual([...bytes]);
  });

  it('compares the key a subscription was made with', () => {
    const key = Uint8Array.from([4, 1, 2, 3]);
    expect(sameServerKey(Uint8Array.from([4, 1, 2, 3]).buffer, key)).toBe(true);
    expect(sameServerKey(Uint8Array.from([4, 1, 2, 9]).buffer, key)).toBe(false);
    expect(sameServerKey(null, key)).toBe(true);
  });
});
