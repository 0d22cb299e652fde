import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempHome, type TempHome } from '../auth/test-support/temp-home.js';
import { NotificationRepository, type NewNotification } from './notification-repository.js';
import { SessionRepository } from './session-repository.js';

let temp: TempHome;
let repo: NotificationRepository;
let sessions: SessionRepository;

beforeEach(() => {
  temp = makeTempHome('codepiper-inbox-');
  sessions = new SessionRepository(temp.database);
  sessions.insert({ id: 'a1b2c3d4', name: 'api', command: ['sh'], cwd: '/tmp', cols: 80, rows: 24 });
  sessions.insert({ id: 'e5f6a7b8', name: 'web', command: ['sh'], cwd: '/tmp', cols: 80, rows: 24 });
  repo = new NotificationRepository(temp.database);
});

afterEach(() => temp.release());

const entry = (overrides: Partial<NewNotification> = {}): NewNotification => ({
  kind: 'complete',
  sessionId: 'a1b2c3d4',
  sessionName: 'api',
  title: 'api: finished',
  body: 'done',
  approvalId: null,
  createdAt: '2026-06-01T00:00:00.000Z',
  ...overrides,
});

describe('NotificationRepository', () => {
  it('lists newest first with unread counts in total and per session', () => {
    const a = repo.add(entry())!;
    const b = repo.add(entry({ sessionId: 'e5f6a7b8', sessionName: 'web' }))!;
    expect(repo.list().map((n) => n.id)).toEqual([b.id, a.id]);
    expect(repo.unreadCount()).toBe(2);
    expect(repo.unreadBySession()).toEqual({ a1b2c3d4: 1, e5f6a7b8: 1 });
  });

  it('keeps one entry per approval', () => {
    expect(repo.add(entry({ kind: 'approval', approvalId: '0badcafe' }))).toBeDefined();
    expect(repo.add(entry({ kind: 'approval', approvalId: '0badcafe' }))).toBeUndefined();
    expect(repo.getByApproval('0badcafe')?.kind).toBe('approval');
  });

  it('marks read by ids, by session and all, counting only what changed', () => {
    const a = repo.add(entry())!;
    repo.add(entry());
    repo.add(entry({ sessionId: 'e5f6a7b8', sessionName: 'web' }));
    expect(repo.markRead({ ids: [a.id] }, '2026-06-01T00:01:00.000Z')).toBe(1);
    expect(repo.markRead({ ids: [a.id] }, '2026-06-01T00:02:00.000Z')).toBe(0);
    expect(repo.get(a.id)?.readAt).toBe('2026-06-01T00:01:00.000Z');
    expect(repo.markRead({ sessionId: 'a1b2c3d4' }, '2026-06-01T00:03:00.000Z')).toBe(1);
    expect(repo.list({ unreadOnly: true }).map((n) => n.session)).toEqual(['e5f6a7b8']);
    expect(repo.markRead({ all: true }, '2026-06-01T00:04:00.000Z')).toBe(1);
    expect(repo.unreadCount()).toBe(0);
  });

  it('goes with its session', () => {
    repo.add(entry());
    sessions.remove('a1b2c3d4');
    expect(repo.list()).toEqual([]);
    expect(() => repo.add(entry())).toThrow(/no session/);
  });
});
