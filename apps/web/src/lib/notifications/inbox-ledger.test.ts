import { describe, expect, it } from 'vitest';
import type { Notification } from '@codepiper/protocol';
import { InboxLedger } from './inbox-ledger';

const A = 'a1b2c3d4';
const B = 'b2c3d4e5';

function entry(id: number, session: string, readAt: string | null = null): Notification {
  return { id, kind: 'complete', session, sessionName: session, title: `${session}: finished`, body: '', approvalId: null, createdAt: '2024-01-01T00:00:00.000Z', readAt };
}

describe('InboxLedger', () => {
  it('lists what it loaded newest first, with the unread counts', () => {
    const ledger = new InboxLedger(50);
    ledger.load({ notifications: [entry(1, A), entry(3, B), entry(2, A, 'x')], unread: 7, unreadBySession: { [A]: 5, [B]: 2 } });
    expect(ledger.list().map((n) => n.id)).toEqual([3, 2, 1]);
    expect(ledger.unread).toBe(7);
    expect(ledger.unreadIn(A)).toBe(5);
    expect(ledger.unreadIn('ffffffff')).toBe(0);
  });

  it('counts a new unread entry from the feed, and an approval entry that became read', () => {
    const ledger = new InboxLedger(50);
    ledger.load({ notifications: [], unread: 0, unreadBySession: {} });
    expect(ledger.apply(entry(4, A), 1)).toBe(true);
    expect(ledger.unreadIn(A)).toBe(1);
    // The same entry again, now read (its approval was decided): upserted, not added.
    expect(ledger.apply(entry(4, A, '2024-01-01T00:01:00.000Z'), 0)).toBe(false);
    expect(ledger.unreadIn(A)).toBe(0);
    expect(ledger.unread).toBe(0);
    expect(ledger.list()).toHaveLength(1);
  });

  it('marks a session read, and everything read', () => {
    const ledger = new InboxLedger(50);
    ledger.load({ notifications: [entry(1, A), entry(2, B)], unread: 2, unreadBySession: { [A]: 1, [B]: 1 } });
    ledger.markedSession(A, 'now', 1);
    expect(ledger.unreadIn(A)).toBe(0);
    expect(ledger.unreadIn(B)).toBe(1);
    expect(ledger.list().find((n) => n.id === 1)!.readAt).toBe('now');
    ledger.markedAll('later', 0);
    expect(ledger.unread).toBe(0);
    expect(ledger.list().every((n) => n.readAt !== null)).toBe(true);
  });

  it('keeps only the newest entries', () => {
    const ledger = new InboxLedger(2);
    for (const id of [1, 2, 3]) ledger.apply(entry(id, A), id);
    expect(ledger.list().map((n) => n.id)).toEqual([3, 2]);
    expect(ledger.unread).toBe(3);
  });
});
