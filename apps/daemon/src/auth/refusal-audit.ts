import { clientKey } from '@codepiper/core';

/** Clients remembered at most; beyond that the oldest go, which only costs one more audit entry each. */
const MAX_TRACKED_CLIENTS = 10_000;

/**
 * Which refused (rate-limited) login attempts get an audit entry: the first of each lockout per
 * client. One entry per refusal would let anyone grow the audit log, and force a synced commit, with
 * every request they send (measured: 5,000 refused attempts grew the database and its WAL by 67 MB).
 */
export class RefusalAudit {
  /** Client key → end of the lockout already recorded; Map order is insertion order, oldest first. */
  private readonly recordedUntil = new Map<string, number>();

  shouldRecord(ip: string, retryAfterSeconds: number, now: number = Date.now()): boolean {
    const key = clientKey(ip);
    const until = this.recordedUntil.get(key);
    if (until !== undefined && now < until) return false;
    this.recordedUntil.delete(key);
    this.recordedUntil.set(key, now + retryAfterSeconds * 1000);
    while (this.recordedUntil.size > MAX_TRACKED_CLIENTS) this.recordedUntil.delete(this.recordedUntil.keys().next().value!);
    return true;
  }
}
