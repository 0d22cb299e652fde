import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseCookies } from 'hono/utils/cookie';
import type { OwnerService } from '@codepiper/core';
import { LOGIN_COOKIE } from '../constants.js';
import type { Principal } from './principal.js';

/**
 * Turns credentials into a principal: an API token in `Authorization: Bearer`, else the login cookie.
 * Tokens are never read from URLs (they leak through logs and Referer); WebSockets that can send
 * neither use a single-use ticket instead (see WsTickets).
 */
export class Authenticator {
  constructor(private readonly owner: OwnerService) {}

  fromHeaders(headers: IncomingHttpHeaders): Principal | undefined {
    const bearer = bearerToken(headers.authorization);
    if (bearer !== undefined) {
      const token = this.owner.authenticateApiToken(bearer);
      return token ? { kind: 'token', tokenId: token.id, readOnly: token.readOnly } : undefined;
    }
    const cookie = loginCookie(headers.cookie);
    if (cookie === undefined) return undefined;
    const login = this.owner.authenticateLogin(cookie);
    return login ? { kind: 'login', loginId: login.id, readOnly: false } : undefined;
  }

  /** Whether one principal authenticated earlier is still valid now. */
  isStillValid(principal: Principal): boolean {
    return this.validator()(principal);
  }

  /** Whether a principal authenticated earlier is still valid (revoked or expired logins and tokens are not). */
  validator(): (principal: Principal) => boolean {
    const logins = new Set(this.owner.listLogins().map((l) => l.id));
    const tokens = new Set(this.owner.listApiTokens().filter((t) => t.revokedAt === null).map((t) => t.id));
    return (principal) =>
      principal.kind === 'local' || (principal.kind === 'login' ? logins.has(principal.loginId) : tokens.has(principal.tokenId));
  }
}

export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match ? match[1] : '';
}

export function loginCookie(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  return parseCookies(cookieHeader, LOGIN_COOKIE)[LOGIN_COOKIE];
}
