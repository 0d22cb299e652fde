import { CoreError } from '../errors.js';
import type { CodePiperDatabase } from '../storage/database.js';
import { LoginRepository, type LoginRecord } from '../storage/login-repository.js';
import type { AuditContext, AuditWriter } from './audit-context.js';
import { IP_MAX_LENGTH, LOGIN_ABSOLUTE_TIMEOUT_MS, LOGIN_IDLE_TIMEOUT_MS, USER_AGENT_MAX_LENGTH } from './constants.js';
import { LOGIN_TOKEN_PREFIX, hashToken, looksLikeToken, newLoginToken } from './tokens.js';

export interface NewLoginResult {
  id: string;
  /** Goes in the cookie; only its hash is stored. */
  token: string;
  expiresAt: string;
}

/**
 * Browser logins: created after a verified login, found by the cookie's token, ended by the owner.
 * Idle (7 days) and absolute (30 days) limits are applied on every lookup.
 */
export class LoginService {
  private readonly logins: LoginRepository;

  constructor(
    database: CodePiperDatabase,
    private readonly clock: () => number,
    private readonly audit: AuditWriter,
  ) {
    this.logins = new LoginRepository(database);
  }

  create(client: { ip?: string | null; userAgent?: string | null }): NewLoginResult {
    const now = this.clock();
    const token = newLoginToken();
    const record = this.logins.create(
      {
        id: this.logins.newId(),
        tokenHash: hashToken(token),
        ip: client.ip?.slice(0, IP_MAX_LENGTH) ?? null,
        userAgent: client.userAgent?.slice(0, USER_AGENT_MAX_LENGTH) ?? null,
        expiresAt: now + LOGIN_ABSOLUTE_TIMEOUT_MS,
      },
      now,
    );
    return { id: record.id, token, expiresAt: record.expiresAt };
  }

  authenticate(token: string, now: number = this.clock()): LoginRecord | undefined {
    if (!looksLikeToken(token, LOGIN_TOKEN_PREFIX)) return undefined;
    const login = this.logins.findActiveByTokenHash(hashToken(token), { now, idleTimeoutMs: LOGIN_IDLE_TIMEOUT_MS });
    if (login) this.logins.touch(login.id, now);
    return login;
  }

  list(now: number = this.clock()): LoginRecord[] {
    return this.logins.listActive({ now, idleTimeoutMs: LOGIN_IDLE_TIMEOUT_MS });
  }

  logout(loginId: string, ctx: AuditContext): void {
    this.logins.transaction(() => {
      if (this.logins.revoke(loginId, 'logout', this.clock())) this.audit('logout', ctx, { loginId });
    });
  }

  revoke(id: string, ctx: AuditContext): void {
    this.logins.transaction(() => {
      if (!this.logins.revoke(id, 'revoked', this.clock())) throw new CoreError('not_found', `no active login with id ${id}`);
      this.audit('login-revoked', ctx, { loginId: id });
    });
  }

  /** Ends every login but `except`; writes no audit entry, so callers can record why in their own. */
  revokeAllQuietly(reason: string, except?: string): string[] {
    return this.logins.revokeAll({ reason, now: this.clock(), exceptId: except });
  }

  revokeAll(options: { except?: string }, ctx: AuditContext): string[] {
    return this.logins.transaction(() => {
      const ids = this.revokeAllQuietly('revoked', options.except);
      this.audit('logins-revoked', ctx, { count: ids.length, except: options.except ?? null });
      return ids;
    });
  }
}
