import type { MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { DaemonError } from '../errors.js';
import type { Authenticator } from './authenticator.js';
import type { NetworkPolicy } from './network-policy.js';
import { LOCAL_PRINCIPAL, type Principal } from './principal.js';

export type GuardEnv = { Bindings: HttpBindings; Variables: { principal: Principal | undefined; clientIp: string; https: boolean } };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Paths anyone may reach: liveness, login and first-run setup. Everything else under /api needs a principal. */
const PUBLIC_API = new Set(['/api/health', '/api/auth/status', '/api/auth/login', '/api/auth/setup', '/api/auth/setup/confirm']);

/** POST routes that compute an answer without changing anything (a policy dry run): read-only tokens may call them. */
const READ_ONLY_POSTS = new Set(['/api/policies/test']);

export function isPublicApiPath(path: string): boolean {
  return PUBLIC_API.has(path);
}

/** The unix socket: whoever can open it is the owner (it is 0600 in a 0700 home). */
export function localGuard(): MiddlewareHandler<GuardEnv> {
  return async (c, next) => {
    c.set('principal', LOCAL_PRINCIPAL);
    c.set('clientIp', 'local');
    c.set('https', false);
    await next();
  };
}

/**
 * TCP listeners: Host allowlist (DNS rebinding), authentication, CSRF by Origin for cookie-authenticated
 * writes, read-only tokens limited to reads. Static dashboard files stay public: the app shell has no
 * secrets and must load to show the login page.
 */
export function networkGuard(policy: NetworkPolicy, auth: Authenticator): MiddlewareHandler<GuardEnv> {
  return async (c, next) => {
    const incoming = c.env.incoming;
    if (!policy.hostAllowed(c.req.header('host'))) {
      throw new DaemonError('misdirected', 'this daemon does not answer for that host name; add it with --public-host');
    }
    c.set('clientIp', policy.clientIp(incoming));
    c.set('https', policy.isHttps(incoming));
    const principal = auth.fromHeaders(incoming.headers);
    c.set('principal', principal);
    const path = c.req.path;
    if (!path.startsWith('/api/')) return next();

    const write = !SAFE_METHODS.has(c.req.method);
    const origin = c.req.header('origin');
    if (write && (principal?.kind === 'login' || (principal === undefined && origin !== undefined))) {
      // Cookie-authenticated writes must prove they come from our own page; a missing Origin is refused.
      // Unauthenticated writes (login, setup) are refused only with a foreign Origin: login CSRF.
      if (origin === undefined || !policy.originAllowed(origin, incoming)) {
        throw new DaemonError('forbidden', 'cross-origin request refused: the Origin header does not match this dashboard');
      }
    }
    if (isPublicApiPath(path)) return next();
    if (!principal) throw new DaemonError('unauthorized', 'log in first, or send an API token as Authorization: Bearer');
    if (write && principal.readOnly && !(c.req.method === 'POST' && READ_ONLY_POSTS.has(path))) throw new DaemonError('forbidden', 'this API token is read-only');
    return next();
  };
}
