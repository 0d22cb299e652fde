import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempHome, type TempHome } from '../auth/test-support/temp-home.js';
import { DEFAULT_NOTIFICATION_SETTINGS, NotificationSettingsRepository } from './notification-settings-repository.js';
import { SessionRepository } from './session-repository.js';

let temp: TempHome;
let repo: NotificationSettingsRepository;
let sessions: SessionRepository;
const AT = '2026-06-01T00:00:00.000Z';

beforeEach(() => {
  temp = makeTempHome('codepiper-notify-settings-');
  sessions = new SessionRepository(temp.database);
  sessions.insert({ id: 'a1b2c3d4', name: 'api', command: ['sh'], cwd: '/tmp', cols: 80, rows: 24 });
  repo = new NotificationSettingsRepository(temp.database);
});

afterEach(() => temp.release());

describe('NotificationSettingsRepository', () => {
  it('starts from the defaults and keeps what a partial update leaves out', () => {
    expect(repo.global()).toEqual(DEFAULT_NOTIFICATION_SETTINGS);
    expect(repo.updateGlobal({ complete: false }, AT)).toEqual({ ...DEFAULT_NOTIFICATION_SETTINGS, complete: false });
    expect(repo.updateGlobal({ pushWhileViewing: true }, AT)).toEqual({ complete: false, crashed: true, approval: true, pushWhileViewing: true });
  });

  it('lets a session override a default, and null inherit it again', () => {
    expect(repo.overrides('a1b2c3d4')).toEqual({ complete: null, crashed: null, approval: null });
    repo.updateOverrides('a1b2c3d4', { crashed: false }, AT);
    expect(repo.enabled('a1b2c3d4', 'crashed')).toBe(false);
    expect(repo.enabled('a1b2c3d4', 'complete')).toBe(true);
    repo.updateGlobal({ complete: false }, AT);
    expect(repo.enabled('a1b2c3d4', 'complete')).toBe(false);
    repo.updateOverrides('a1b2c3d4', { complete: true, crashed: null }, AT);
    expect(repo.overrides('a1b2c3d4')).toEqual({ complete: true, crashed: null, approval: null });
    expect(repo.enabled('a1b2c3d4', 'complete')).toBe(true);
  });

  it('drops overrides with their session', () => {
    repo.updateOverrides('a1b2c3d4', { approval: false }, AT);
    sessions.remove('a1b2c3d4');
    expect(repo.overrides('a1b2c3d4')).toEqual({ complete: null, crashed: null, approval: null });
    expect(() => repo.updateOverrides('a1b2c3d4', { approval: false }, AT)).toThrow(/no session/);
  });
});
