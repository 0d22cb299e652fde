import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import {
  ApiTokenInfoSchema,
  AuditEntrySchema,
  AuthMeResponseSchema,
  AuthStatusResponseSchema,
  ChangePasswordRequestSchema,
  CreateApiTokenRequestSchema,
  CreateApiTokenResponseSchema,
  LoginInfoSchema,
  LoginRequestSchema,
  PasswordSchema,
  SetupBeginRequestSchema,
  SetupBeginResponseSchema,
  SetupConfirmRequestSchema,
  TotpCodeSchema,
} from '@codepiper/protocol';
import type { LoginRateLimiter, OwnerService } from '@codepiper/core';
import { LOGIN_COOKIE, LOGIN_COOKIE_MAX_AGE_SECONDS } from '../constants.js';
import { DaemonError } from '../errors.js';
import { route, type RouteSpec } from '../http/route-spec.js';
import type { GuardEnv } from './request-guard.js';
import { auditActor, type Principal } from './principal.js';
import { RefusalAudit } from './refusal-audit.js';
import type { WsTickets } from './ws-tickets.js';

export interface AuthRouteDeps {
  owner: OwnerService;
  limiter: LoginRateLimiter;
  tickets: WsTickets;
  /** Ends open WebSockets of logins and tokens that were just revoked. */
  disconnect: (match: (principal: Principal) => boolean) => void;
}

const Ok = z.object({ ok: z.literal(true) });
const EmptyQuery = z.object({}).strict();
const EmptyBody = z.object({}).strict();
const AuditQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    since: z.string().optional(),
    type: z.string().max(64).optional(),
  })
  .strict();
const TotpEnrolmentSchema = z.object({ totpUri: z.string(), secret: z.string() });
const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
const INVALID_LOGIN = 'invalid password or code';

function principalOf(c: Context<GuardEnv>): Principal | undefined {
  return c.get('principal');
}

function ctxOf(c: Context<GuardEnv>) {
  return { actor: auditActor(principalOf(c)), ip: c.get('clientIp') };
}

function requireLocal(c: Context<GuardEnv>): void {
  if (principalOf(c)?.kind !== 'local') {
    throw new DaemonError('forbidden', 'this can only be done from the machine itself: run it with the codepiper CLI there');
  }
}

function setLoginCookie(c: Context<GuardEnv>, token: string): void {
  setCookie(c, LOGIN_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: c.get('https'),
    maxAge: LOGIN_COOKIE_MAX_AGE_SECONDS,
  });
}

/**
 * Owner login, first-run setup, password and second-factor changes, browser logins, API tokens and
 * the audit log. Failures of login share one generic message; the rate limiter answers 429 first.
 */
export function authRoutes(deps: AuthRouteDeps): RouteSpec[] {
  const { owner, limiter, tickets } = deps;
  const refusals = new RefusalAudit();

  const checkSetupCode = (c: Context<GuardEnv>, code: string | undefined): void => {
    if (principalOf(c)?.kind === 'local') return;
    const ip = c.get('clientIp');
    const decision = limiter.check(ip);
    if (!decision.allowed) throw rateLimited(c, decision.retryAfterSeconds);
    if (code === undefined || !owner.checkSetupCode(code, ctxOf(c))) {
      limiter.recordFailure(ip);
      throw new DaemonError('forbidden', 'invalid setup code: use the code the daemon printed when it started');
    }
    // Every attempt that passed check() must be settled, or it keeps counting as a failure.
    limiter.recordSuccess(ip);
  };

  return [
    route({
      method: 'get',
      path: '/api/auth/status',
      summary: 'Whether an owner is set up (no authentication needed)',
      query: EmptyQuery,
      response: AuthStatusResponseSchema,
      handler: ({ c }) => {
        const status = owner.status();
        return c.json({
          configured: status.configured,
          totpConfirmed: status.totpConfirmed,
          setupRequired: !status.totpConfirmed,
          authenticated: principalOf(c) !== undefined,
          ...(principalOf(c) ? { recoveryCodesLeft: status.recoveryCodesLeft } : {}),
        });
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/setup',
      summary: 'First-run setup: set the password, get the TOTP secret and recovery codes (needs the setup code unless local)',
      body: SetupBeginRequestSchema,
      response: SetupBeginResponseSchema,
      handler: async ({ c, body }) => {
        checkSetupCode(c, body.setupCode);
        return c.json(await owner.beginSetup(body.password, ctxOf(c)));
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/setup/confirm',
      summary: 'First-run setup: confirm the authenticator with a TOTP code; logs the browser in',
      body: SetupConfirmRequestSchema,
      response: Ok,
      handler: ({ c, body }) => {
        checkSetupCode(c, body.setupCode);
        owner.confirmSetup(body.totp, ctxOf(c));
        if (principalOf(c)?.kind !== 'local') {
          const login = owner.createLogin({ ip: c.get('clientIp'), userAgent: c.req.header('user-agent') ?? null });
          setLoginCookie(c, login.token);
        }
        return c.json({ ok: true as const });
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/login',
      summary: 'Log in with the password and a TOTP code (or a recovery code); sets the login cookie',
      body: LoginRequestSchema,
      response: z.object({ ok: z.literal(true), loginId: z.string() }),
      handler: async ({ c, body }) => {
        const ip = c.get('clientIp');
        const decision = limiter.check(ip);
        if (!decision.allowed) {
          if (refusals.shouldRecord(ip, decision.retryAfterSeconds)) owner.audit('rate-limited', ctxOf(c), { retryAfterSeconds: decision.retryAfterSeconds });
          throw rateLimited(c, decision.retryAfterSeconds);
        }
        if (!(await owner.verifyLogin(body, ctxOf(c)))) {
          limiter.recordFailure(ip);
          throw new DaemonError('unauthorized', INVALID_LOGIN);
        }
        limiter.recordSuccess(ip);
        const login = owner.createLogin({ ip, userAgent: c.req.header('user-agent') ?? null });
        setLoginCookie(c, login.token);
        return c.json({ ok: true as const, loginId: login.id });
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/logout',
      summary: 'End this browser login',
      body: EmptyBody,
      response: Ok,
      handler: ({ c }) => {
        const principal = principalOf(c);
        if (principal?.kind === 'login') {
          owner.logout(principal.loginId, ctxOf(c));
          deps.disconnect((p) => p.kind === 'login' && p.loginId === principal.loginId);
        }
        deleteCookie(c, LOGIN_COOKIE, { path: '/', secure: c.get('https') });
        return c.json({ ok: true as const });
      },
    }),
    route({
      method: 'get',
      path: '/api/auth/me',
      summary: 'Who this request is authenticated as',
      query: EmptyQuery,
      response: AuthMeResponseSchema,
      handler: ({ c }) => {
        const p = principalOf(c)!;
        return c.json({
          authenticated: true as const,
          via: p.kind,
          readOnly: p.readOnly,
          ...(p.kind === 'login' ? { loginId: p.loginId } : {}),
          ...(p.kind === 'token' ? { tokenId: p.tokenId } : {}),
        });
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/password',
      summary: 'Change the password (current password and a TOTP code required); ends every other login',
      body: ChangePasswordRequestSchema,
      response: z.object({ ok: z.literal(true), revokedLogins: z.array(z.string()) }),
      handler: async ({ c, body }) => {
        const principal = principalOf(c)!;
        const keep = principal.kind === 'login' ? principal.loginId : undefined;
        const result = await owner.changePassword(body.currentPassword, body.newPassword, body.totp, { ...ctxOf(c), ...(keep ? { loginId: keep } : {}) });
        const revoked = new Set(result.revokedLogins);
        deps.disconnect((p) => p.kind === 'login' && revoked.has(p.loginId));
        return c.json({ ok: true as const, revokedLogins: result.revokedLogins });
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/reset-password',
      summary: 'Set a new password without the old one (local CLI only); ends every login',
      body: z.object({ password: PasswordSchema }).strict(),
      response: z.object({ ok: z.literal(true), revokedLogins: z.array(z.string()) }),
      handler: async ({ c, body }) => {
        requireLocal(c);
        const result = await owner.resetPassword(body.password, ctxOf(c));
        deps.disconnect((p) => p.kind === 'login');
        return c.json({ ok: true as const, revokedLogins: result.revokedLogins });
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/reset-totp',
      summary: 'Start replacing the TOTP secret (local CLI only); confirm with /api/auth/reset-totp/confirm',
      body: EmptyBody,
      response: TotpEnrolmentSchema,
      handler: ({ c }) => {
        requireLocal(c);
        return c.json(owner.beginTotpReset(ctxOf(c)));
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/reset-totp/confirm',
      summary: 'Confirm the new TOTP secret with a code from it (local CLI only); ends every login',
      body: z.object({ totp: TotpCodeSchema }).strict(),
      response: z.object({ ok: z.literal(true), revokedLogins: z.array(z.string()) }),
      handler: ({ c, body }) => {
        requireLocal(c);
        const result = owner.confirmTotpReset(body.totp, ctxOf(c));
        deps.disconnect((p) => p.kind === 'login');
        return c.json({ ok: true as const, revokedLogins: result.revokedLogins });
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/recovery-codes',
      summary: 'Replace all recovery codes (local CLI only); the new ones are shown once',
      body: EmptyBody,
      response: RecoveryCodesSchema,
      handler: ({ c }) => {
        requireLocal(c);
        return c.json({ recoveryCodes: owner.regenerateRecoveryCodes(ctxOf(c)) });
      },
    }),
    route({
      method: 'get',
      path: '/api/auth/logins',
      summary: 'Active browser logins',
      query: EmptyQuery,
      response: z.array(LoginInfoSchema),
      handler: ({ c }) => {
        const principal = principalOf(c);
        const current = principal?.kind === 'login' ? principal.loginId : undefined;
        return c.json(
          owner.listLogins().map((l) => ({
            id: l.id,
            createdAt: l.createdAt,
            lastSeenAt: l.lastSeenAt,
            expiresAt: l.expiresAt,
            ip: l.ip,
            userAgent: l.userAgent,
            current: l.id === current,
          })),
        );
      },
    }),
    route({
      method: 'delete',
      path: '/api/auth/logins/:id',
      summary: 'End one browser login, including its open WebSockets',
      query: EmptyQuery,
      response: Ok,
      handler: ({ c, params }) => {
        owner.revokeLogin(params.id!, ctxOf(c));
        deps.disconnect((p) => p.kind === 'login' && p.loginId === params.id);
        return c.json({ ok: true as const });
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/logins/revoke-all',
      summary: 'End every browser login (but the one asking, when it is a browser)',
      body: EmptyBody,
      response: z.object({ ok: z.literal(true), revokedLogins: z.array(z.string()) }),
      handler: ({ c }) => {
        const principal = principalOf(c);
        const except = principal?.kind === 'login' ? principal.loginId : undefined;
        const revoked = owner.revokeAllLogins(except ? { except } : {}, ctxOf(c));
        const set = new Set(revoked);
        deps.disconnect((p) => p.kind === 'login' && set.has(p.loginId));
        return c.json({ ok: true as const, revokedLogins: revoked });
      },
    }),
    route({
      method: 'get',
      path: '/api/auth/tokens',
      summary: 'API tokens (never the secrets themselves)',
      query: EmptyQuery,
      response: z.array(ApiTokenInfoSchema),
      handler: ({ c }) =>
        c.json(
          owner
            .listApiTokens()
            .filter((t) => t.revokedAt === null)
            .map((t) => ({ id: t.id, name: t.name, readOnly: t.readOnly, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt })),
        ),
    }),
    route({
      method: 'post',
      path: '/api/auth/tokens',
      summary: 'Create an API token; the token is in this answer only',
      body: CreateApiTokenRequestSchema,
      response: CreateApiTokenResponseSchema,
      successStatus: 201,
      handler: ({ c, body }) => {
        if (principalOf(c)?.kind === 'token') throw new DaemonError('forbidden', 'an API token cannot create other tokens');
        return c.json(owner.createApiToken({ name: body.name, readOnly: body.readOnly ?? false }, ctxOf(c)), 201);
      },
    }),
    route({
      method: 'delete',
      path: '/api/auth/tokens/:id',
      summary: 'Revoke an API token (by id or name), closing its open WebSockets',
      query: EmptyQuery,
      response: Ok,
      handler: ({ c, params }) => {
        const token = owner.revokeApiToken(params.id!, ctxOf(c));
        deps.disconnect((p) => p.kind === 'token' && p.tokenId === token.id);
        return c.json({ ok: true as const });
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/ws-ticket',
      summary: 'A single-use ticket (30 s) to open a WebSocket with ?ticket= where no cookie or header can be sent',
      body: EmptyBody,
      response: z.object({ ticket: z.string(), expiresInSeconds: z.number() }),
      handler: ({ c }) => c.json(tickets.issue(principalOf(c)!)),
    }),
    route({
      method: 'get',
      path: '/api/audit',
      summary: 'The audit log, newest first',
      query: AuditQuerySchema,
      response: z.array(AuditEntrySchema),
      handler: ({ c, query }) => c.json(owner.listAudit({ ...(query.limit ? { limit: query.limit } : {}), ...(query.since ? { since: query.since } : {}), ...(query.type ? { type: query.type } : {}) })),
    }),
  ];
}

function rateLimited(c: Context<GuardEnv>, retryAfterSeconds: number): DaemonError {
  c.header('Retry-After', String(retryAfterSeconds));
  return new DaemonError('rate_limited', `too many attempts; try again in ${retryAfterSeconds} s`);
}
