import type { Approval } from '@codepiper/protocol';
import { RECENT_APPROVALS_SHOWN } from '../constants';

interface Entry {
  approval: Approval;
  /** When this tab learnt this version (a counter, not a clock): orders the feed against HTTP snapshots. */
  seq: number;
}

/**
 * The approvals this tab knows of: pending ones (the inbox, the header count, the session prompt) and
 * the latest decided ones. Fed by the WebSocket (each new or changed approval) and by HTTP snapshots
 * (after a reconnect, to drop the ones decided while the tab was away). An approval only ever moves
 * from pending to decided, so a late pending copy never revives a decided one.
 */
export class ApprovalLedger {
  private readonly entries = new Map<string, Entry>();
  private seq = 0;

  constructor(private readonly recentLimit = RECENT_APPROVALS_SHOWN) {}

  /** Pass to syncPending with the snapshot asked for now: feed messages after this mark win over it. */
  get mark(): number {
    return this.seq;
  }

  /** One approval from the feed or an HTTP answer; false when it told nothing new. */
  apply(approval: Approval): boolean {
    const known = this.entries.get(approval.id);
    if (known && known.approval.status !== 'pending' && approval.status === 'pending') return false;
    if (known && sameVersion(known.approval, approval)) return false;
    this.entries.set(approval.id, { approval, seq: ++this.seq });
    if (approval.status !== 'pending') this.trimDecided();
    return true;
  }

  applyAll(approvals: readonly Approval[]): void {
    for (const approval of approvals) this.apply(approval);
  }

  /**
   * The daemon's full list of pending approvals, asked for when the ledger was at `mark`. A pending
   * approval the tab knew before that mark and the daemon no longer lists was decided while the tab
   * was not listening: it leaves the pending list. What the feed brought after the mark is kept.
   */
  syncPending(snapshot: readonly Approval[], mark: number): void {
    const listed = new Set(snapshot.map((a) => a.id));
    for (const [id, entry] of [...this.entries]) {
      if (entry.approval.status === 'pending' && entry.seq <= mark && !listed.has(id)) this.entries.delete(id);
    }
    this.applyAll(snapshot);
  }

  /** Pending approvals, oldest first: the one the agent has waited on longest leads. */
  pending(): Approval[] {
    return [...this.entries.values()]
      .map((e) => e.approval)
      .filter((a) => a.status === 'pending')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** Decided approvals, latest decision first. */
  recent(): Approval[] {
    return [...this.entries.values()]
      .map((e) => e.approval)
      .filter((a) => a.status !== 'pending')
      .sort((a, b) => decidedAt(b).localeCompare(decidedAt(a)) || b.id.localeCompare(a.id));
  }

  get(id: string): Approval | undefined {
    return this.entries.get(id)?.approval;
  }

  clear(): void {
    this.entries.clear();
  }

  private trimDecided(): void {
    const decided = this.recent();
    for (const old of decided.slice(this.recentLimit)) this.entries.delete(old.id);
  }
}

function decidedAt(approval: Approval): string {
  return approval.decidedAt ?? approval.createdAt;
}

function sameVersion(a: Approval, b: Approval): boolean {
  return a.status === b.status && a.decidedAt === b.decidedAt && a.decidedBy === b.decidedBy && a.sessionName === b.sessionName;
}
