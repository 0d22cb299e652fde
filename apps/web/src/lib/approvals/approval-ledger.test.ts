import { describe, expect, it } from 'vitest';
import { ApprovalLedger } from './approval-ledger';
import { approval, decided } from './test-approval';

const ids = (list: Array<{ id: string }>) => list.map((a) => a.id);

describe('ApprovalLedger', () => {
  it('lists pending approvals oldest first, whatever order they arrive in', () => {
    const ledger = new ApprovalLedger();
    ledger.apply(approval('00000003', { createdAt: '2024-01-01T00:00:03.000Z' }));
    ledger.apply(approval('00000001', { createdAt: '2024-01-01T00:00:01.000Z' }));
    ledger.apply(approval('00000002', { createdAt: '2024-01-01T00:00:02.000Z' }));
    expect(ids(ledger.pending())).toEqual(['00000001', '00000002', '00000003']);
    expect(ledger.recent()).toEqual([]);
  });

  it('moves an approval from pending to recent when its decision arrives', () => {
    const ledger = new ApprovalLedger();
    ledger.applyAll([approval('00000001'), approval('00000002', { createdAt: '2024-01-01T00:00:02.000Z' })]);
    expect(ledger.apply(decided('00000001', 'approved', '2024-01-01T00:01:00.000Z'))).toBe(true);
    expect(ids(ledger.pending())).toEqual(['00000002']);
    expect(ledger.recent()).toMatchObject([{ id: '00000001', status: 'approved' }]);
  });

  it('never turns a decided approval back into a pending one', () => {
    const ledger = new ApprovalLedger();
    ledger.apply(decided('00000001', 'denied', '2024-01-01T00:01:00.000Z'));
    expect(ledger.apply(approval('00000001'))).toBe(false);
    expect(ledger.pending()).toEqual([]);
    expect(ledger.get('00000001')?.status).toBe('denied');
  });

  it('reports a repeated message as nothing new', () => {
    const ledger = new ApprovalLedger();
    expect(ledger.apply(approval('00000001'))).toBe(true);
    expect(ledger.apply(approval('00000001'))).toBe(false);
  });

  it('lists decisions latest first and keeps only the newest ones', () => {
    const ledger = new ApprovalLedger(2);
    ledger.apply(decided('00000001', 'approved', '2024-01-01T00:01:00.000Z'));
    ledger.apply(decided('00000002', 'timeout', '2024-01-01T00:03:00.000Z'));
    ledger.apply(decided('00000003', 'cancelled', '2024-01-01T00:02:00.000Z'));
    expect(ids(ledger.recent())).toEqual(['00000002', '00000003']);
  });

  it('drops pending approvals a snapshot no longer lists (decided while the tab was away)', () => {
    const ledger = new ApprovalLedger();
    ledger.applyAll([approval('00000001'), approval('00000002')]);
    const mark = ledger.mark;
    ledger.syncPending([approval('00000002'), approval('00000003')], mark);
    expect(ids(ledger.pending())).toEqual(['00000002', '00000003']);
  });

  it('keeps what the feed brought while the snapshot was on its way', () => {
    const ledger = new ApprovalLedger();
    ledger.apply(approval('00000001'));
    const mark = ledger.mark;
    // The feed announces a new approval and a decision after the snapshot was asked for.
    ledger.apply(approval('00000004', { createdAt: '2024-01-01T00:00:04.000Z' }));
    ledger.apply(decided('00000001', 'approved', '2024-01-01T00:01:00.000Z'));
    // The snapshot was taken before both.
    ledger.syncPending([approval('00000001')], mark);
    expect(ids(ledger.pending())).toEqual(['00000004']);
    expect(ledger.get('00000001')?.status).toBe('approved');
  });
});
