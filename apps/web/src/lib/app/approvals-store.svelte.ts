import type { Approval } from '@codepiper/protocol';
import { agentsApi } from '../api';
import { ApprovalLedger, decideApproval, type DecideOutcome, type Decision } from '../approvals';
import { connection } from './connection.svelte';

/**
 * The approvals this tab shows (inbox, header count, session prompt, tab title), live from the
 * daemon's feed. Each `sessions` message starts a fresh subscription (first load or reconnect): the
 * pending list is then re-read over HTTP, so an approval decided while the tab was away disappears.
 */
class ApprovalsStore {
  pending = $state.raw<Approval[]>([]);
  recent = $state.raw<Approval[]>([]);
  recentLoaded = $state(false);
  private readonly ledger = new ApprovalLedger();
  private unsubscribe: (() => void) | undefined;
  /** Bumped by stop(), so an answer that arrives after a logout is dropped. */
  private generation = 0;

  start(): void {
    if (this.unsubscribe) return;
    const conn = connection();
    this.unsubscribe = conn.client.subscribeFeed((message) => {
      if (message.type === 'sessions') void this.refresh();
      else if (message.type === 'approval') this.apply(message.approval);
    });
    // Already subscribed through another listener: no `sessions` comes for this one until a reconnect.
    if (conn.state.kind === 'open') void this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.generation++;
    this.ledger.clear();
    this.recentLoaded = false;
    this.publish();
  }

  forSession(sessionId: string): Approval[] {
    return this.pending.filter((a) => a.session === sessionId);
  }

  /** Re-reads the pending list (the feed keeps it current afterwards). Failures wait for the next try. */
  async refresh(): Promise<void> {
    const mark = this.ledger.mark;
    const generation = this.generation;
    try {
      const pending = await agentsApi.approvals();
      if (generation !== this.generation) return;
      this.ledger.syncPending(pending, mark);
      this.publish();
    } catch {
      // The connection indicator tells the owner; the next reconnect asks again.
    }
  }

  /** The latest decisions too, for the inbox's history (asked for when the inbox opens). */
  async loadRecent(): Promise<void> {
    const generation = this.generation;
    const all = await agentsApi.approvals(true);
    if (generation !== this.generation) return;
    // The answer is capped, so it may miss an older pending approval: it adds, never drops.
    this.ledger.applyAll(all);
    this.recentLoaded = true;
    this.publish();
  }

  /** Answers a held tool call. "Already decided" comes back as a notice; the list is re-read then. */
  async decide(id: string, decision: Decision): Promise<DecideOutcome> {
    const outcome = await decideApproval(agentsApi, id, decision);
    if (outcome.kind === 'decided') {
      this.apply(outcome.approval);
    } else {
      await this.refresh();
      if (this.recentLoaded) await this.loadRecent().catch(() => undefined);
    }
    return outcome;
  }

  private apply(approval: Approval): void {
    if (this.ledger.apply(approval)) this.publish();
  }

  private publish(): void {
    this.pending = this.ledger.pending();
    this.recent = this.ledger.recent();
  }
}

export const approvalsStore = new ApprovalsStore();
