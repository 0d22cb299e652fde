import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { decideApproval, type DecideApi } from './decide-approval';
import { decided } from './test-approval';

function fakeApi(failure?: ApiError) {
  const calls: string[] = [];
  const api: DecideApi = {
    approve: async (id, remember) => {
      calls.push(`approve ${id} remember=${remember}`);
      if (failure) throw failure;
      return decided(id, 'approved', '2024-01-01T00:01:00.000Z');
    },
    deny: async (id, reason) => {
      calls.push(`deny ${id} reason=${reason}`);
      if (failure) throw failure;
      return decided(id, 'denied', '2024-01-01T00:01:00.000Z', { reason: reason ?? null });
    },
  };
  return { api, calls };
}

describe('decideApproval', () => {
  it('approves, remembering only when asked', async () => {
    const { api, calls } = fakeApi();
    const outcome = await decideApproval(api, '0000beef', { approve: true, remember: true });
    await decideApproval(api, '0000beef', { approve: true });
    expect(outcome).toMatchObject({ kind: 'decided', approval: { status: 'approved' } });
    expect(calls).toEqual(['approve 0000beef remember=true', 'approve 0000beef remember=false']);
  });

  it('denies with a trimmed reason, and without one when it is blank', async () => {
    const { api, calls } = fakeApi();
    await decideApproval(api, '0000beef', { approve: false, reason: '  not on main  ' });
    await decideApproval(api, '0000beef', { approve: false, reason: '   ' });
    expect(calls).toEqual(['deny 0000beef reason=not on main', 'deny 0000beef reason=undefined']);
  });

  it('turns "already decided" into a notice with the daemon\'s words', async () => {
    const { api } = fakeApi(new ApiError(409, 'conflict', 'approval 0000beef is already approved (by local-cli); nothing to decide'));
    expect(await decideApproval(api, '0000beef', { approve: false })).toEqual({
      kind: 'gone',
      notice: 'Already answered: approval 0000beef is already approved (by local-cli); nothing to decide',
    });
  });

  it('lets other failures through', async () => {
    const { api } = fakeApi(new ApiError(0, 'network', 'cannot reach the daemon'));
    await expect(decideApproval(api, '0000beef', { approve: true })).rejects.toThrow('cannot reach the daemon');
  });
});
