import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempHome, type TempHome } from '../auth/test-support/temp-home.js';
import { ApprovalRepository } from './approval-repository.js';
import { SessionRepository } from './session-repository.js';

let temp: TempHome;
let repo: ApprovalRepository;

beforeEach(() => {
  temp = makeTempHome('codepiper-approvals-');
  new SessionRepository(temp.database).insert({ id: 'a1b2c3d4', name: 'agent', command: ['claude'], cwd: '/tmp', cols: 80, rows: 24 });
  repo = new ApprovalRepository(temp.database);
});

afterEach(() => temp.release());

const approval = (id: string, createdAt: string) => ({
  id,
  sessionId: 'a1b2c3d4',
  event: 'PermissionRequest',
  tool: 'Bash',
  input: { command: 'rm -rf build', description: 'clean' },
  summary: 'rm -rf build',
  createdAt,
  expiresAt: '2026-06-01T00:05:00.000Z',
});

describe('ApprovalRepository', () => {
  it('stores a pending approval with its input as JSON', () => {
    const stored = repo.insert(approval('00000001', '2026-06-01T00:00:00.000Z'));
    expect(stored).toMatchObject({ status: 'pending', input: { command: 'rm -rf build', description: 'clean' }, decidedAt: null, decidedBy: null });
    expect(repo.get('00000001')).toEqual(stored);
  });

  it('lets only the first decision of a pending approval win', () => {
    repo.insert(approval('00000001', '2026-06-01T00:00:00.000Z'));
    const decided = repo.decide('00000001', { status: 'approved', decidedBy: 'owner', at: '2026-06-01T00:00:05.000Z' });
    expect(decided).toMatchObject({ status: 'approved', decidedBy: 'owner', decidedAt: '2026-06-01T00:00:05.000Z' });
    expect(repo.decide('00000001', { status: 'denied', decidedBy: 'local-cli', at: '2026-06-01T00:00:06.000Z' })).toBeUndefined();
    expect(repo.get('00000001')?.status).toBe('approved');
  });

  it('lists pending oldest first and history newest first', () => {
    repo.insert(approval('00000001', '2026-06-01T00:00:00.000Z'));
    repo.insert(approval('00000002', '2026-06-01T00:00:01.000Z'));
    repo.insert(approval('00000003', '2026-06-01T00:00:02.000Z'));
    repo.decide('00000002', { status: 'timeout', decidedBy: 'timeout', at: '2026-06-01T00:00:03.000Z' });
    expect(repo.listPending().map((a) => a.id)).toEqual(['00000001', '00000003']);
    expect(repo.listRecent({ limit: 2 }).map((a) => a.id)).toEqual(['00000003', '00000002']);
    expect(repo.listPending('ffffffff')).toEqual([]);
  });

  it('refuses an approval for an unknown session', () => {
    expect(() => repo.insert({ ...approval('00000009', '2026-06-01T00:00:00.000Z'), sessionId: 'ffffffff' })).toThrow(/no session/);
  });
});
