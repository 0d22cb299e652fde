import { describe, expect, it } from 'vitest';
import { PresenceTracker } from './presence-tracker.js';

const PHONE = 'https://push.example/phone';
const LAPTOP = 'https://push.example/laptop';

describe('PresenceTracker', () => {
  it('counts a device as viewing a session only in a visible tab of that session', () => {
    const presence = new PresenceTracker();
    presence.update('c1', { session: 'a1b2c3d4', visible: true, endpoint: PHONE });
    expect(presence.isViewing(PHONE, 'a1b2c3d4')).toBe(true);
    expect(presence.isViewing(PHONE, 'e5f6a7b8')).toBe(false);
    expect(presence.isViewing(LAPTOP, 'a1b2c3d4')).toBe(false);
    presence.update('c1', { session: 'a1b2c3d4', visible: false, endpoint: PHONE });
    expect(presence.isViewing(PHONE, 'a1b2c3d4')).toBe(false);
  });

  it('lets any of a device\'s connections make it a viewer, and forgets a closed one', () => {
    const presence = new PresenceTracker();
    presence.update('c1', { session: null, visible: true, endpoint: PHONE });
    presence.update('c2', { session: 'a1b2c3d4', visible: true, endpoint: PHONE });
    expect(presence.isViewing(PHONE, 'a1b2c3d4')).toBe(true);
    presence.drop('c2');
    expect(presence.isViewing(PHONE, 'a1b2c3d4')).toBe(false);
    presence.drop('c1');
    expect(presence.size).toBe(0);
  });

  it('ignores a connection that names no endpoint: it cannot be mapped to a device', () => {
    const presence = new PresenceTracker();
    presence.update('c1', { session: 'a1b2c3d4', visible: true });
    expect(presence.isViewing(PHONE, 'a1b2c3d4')).toBe(false);
  });
});
