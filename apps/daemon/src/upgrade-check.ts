import type { IncomingMessage } from 'node:http';
import type { Authenticator, NetworkPolicy, Principal, WsTickets } from './auth/index.js';
import { bearerToken } from './auth/index.js';

export type UpgradeVerdict = { ok: true; principal: Principal } | { ok: false; status: number; reason: string; message: string };

/**
 * The checks a WebSocket handshake on a TCP port must pass: our Host (DNS rebinding), credentials
 * (cookie, bearer, or a single-use ticket), and an Origin of our own dashboard (cross-site WebSocket
 * hijacking). Only a bearer-token client (a script, the remote CLI) may omit Origin.
 */
export function upgradePrincipal(request: IncomingMessage, policy: NetworkPolicy, auth: Authenticator, tickets: WsTickets): UpgradeVerdict {
  if (!policy.hostAllowed(request.headers.host)) {
    return { ok: false, status: 421, reason: 'Misdirected Request', message: 'this daemon does not answer for that host name' };
  }
  const origin = request.headers.origin;
  const hasBearer = bearerToken(request.headers.authorization) !== undefined;
  if (origin === undefined ? !hasBearer : !policy.originAllowed(origin, request)) {
    return { ok: false, status: 403, reason: 'Forbidden', message: 'cross-origin WebSocket refused' };
  }
  const ticket = new URL(request.url ?? '/', 'http://x').searchParams.get('ticket');
  // A ticket carries the principal as it was when issued; the login or token may have been revoked since.
  const redeemed = ticket ? tickets.redeem(ticket) : undefined;
  const principal = ticket ? (redeemed && auth.isStillValid(redeemed) ? redeemed : undefined) : auth.fromHeaders(request.headers);
  if (!principal) return { ok: false, status: 401, reason: 'Unauthorized', message: 'log in first, or send an API token' };
  return { ok: true, principal };
}
