import { randomBytes } from 'node:crypto';
import { WS_TICKET_TTL_MS } from '../constants.js';
import type { Principal } from './principal.js';

/**
 * Short-lived, single-use tickets for opening a WebSocket where neither a cookie nor a header can be
 * sent. Kept in memory only; expired ones are dropped when the next ticket is issued or used, so no
 * timer runs.
 */
export class WsTickets {
  private readonly tickets = new Map<string, { principal: Principal; expires: number }>();

  issue(principal: Principal, now = Date.now()): { ticket: string; expiresInSeconds: number } {
    this.prune(now);
    const ticket = randomBytes(24).toString('base64url');
    this.tickets.set(ticket, { principal, expires: now + WS_TICKET_TTL_MS });
    return { ticket, expiresInSeconds: Math.round(WS_TICKET_TTL_MS / 1000) };
  }

  redeem(ticket: string, now = Date.now()): Principal | undefined {
    this.prune(now);
    const entry = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return entry && entry.expires > now ? entry.principal : undefined;
  }

  private prune(now: number): void {
    for (const [key, entry] of this.tickets) if (entry.expires <= now) this.tickets.delete(key);
  }
}
