import { createHash, randomBytes } from 'node:crypto';
import { CoreError } from '../errors.js';
import type { ApiTokenRecord } from '../storage/api-token-repository.js';
import { AuditRepository, type AuditQuery, type AuditRecord } from '../storage/audit-repository.js';
import type { CodePiperDatabase } from '../storage/database.js';
import type { LoginRecord } from '../storage/login-repository.js';
import { OwnerRepository, type OwnerRecord } from '../storage/owner-repository.js';
import { ApiTokenService, type NewApiTokenResult } from './api-token-service.js';
import type { AuditContext } from './audit-context.js';
import { IP_MAX_LENGTH, SETUP_CODE_GROUPS } from './constants.js';
import { generateHumanCode, normaliseHumanCode } from './human-code.js';
import { LoginService, type NewLoginResult } from './login-service.js';
import { hashPassword, validateNewPassword, verifyPassword } from './password.js';
import { generateRecoveryCodes, hashRecoveryCode } from './recovery-codes.js';
import type { SecretBox } from './secret-box.js';
import { secretsEqual } from './tokens.js';
import { newTotpSecret, totpUri, verifyTotp } from './totp.js';

export type LoginAttempt = { password: string; totp: string } | { password: string; recoveryCode: string };

export interface OwnerStatus {
  /** A password has been set (setup begun). */
  configured: boolean;
  /** The first TOTP code has been confirmed: the owner can log in. */
  totpConfirmed: boolean;
  recoveryCodesLeft: number;
  passwordChangedAt: string | null;
}

export interface TotpEnrolment {
  totpUri: string;
  /** base32, for typing into an authenticator by hand. */
  secret: string;
}

export interface SetupStart extends TotpEnrolment {
  /** Shown once; only their hashes are stored. */
  recoveryCodes: string[];
}

export interface OwnerServiceOptions {
  database: CodePiperDatabase;
  secretBox: SecretBox;
  /** Clock in epoch milliseconds; tests inject one. */
  now?: () => number;
  /** Account name shown in the authenticator app next to the issuer. */
  totpLabel?: string;
}

const TOTP_ISSUER = 'CodePiper';
/** Associated data for the sealed TOTP secret: a sealed value cannot be moved to another column. */
const TOTP_SEAL_CONTEXT = 'owner.totp-secret';

/**
 * The owner's account: every rule about setup, login, passwords, second factors, browser logins and
 * API tokens lives here, over the repositories and the secret box. Every security-relevant action is
 * written to the audit log in the same transaction as its effect.
 */
export class OwnerService {
  private readonly owner: OwnerRepository;
  private readonly logins: LoginService;
  private readonly tokens: ApiTokenService;
  private readonly auditLog: AuditRepository;
  private readonly box: SecretBox;
  private readonly clock: () => number;
  private readonly totpLabel: string;
  /** SHA-256 of the current setup code; it only ever lives in this process's memory. */
  private setupCodeHash: string | undefined;
  /** A hash of a random password at today's parameters, so a login with no owner costs a real verify. */
  private dummyHash: Promise<string> | undefined;

  constructor(options: OwnerServiceOptions) {
    this.owner = new OwnerRepository(options.database);
    this.auditLog = new AuditRepository(options.database);
    this.box = options.secretBox;
    this.clock = options.now ?? Date.now;
    const audit = (type: string, ctx: AuditContext, detail?: unknown) => this.audit(type, ctx, detail);
    this.logins = new LoginService(options.database, this.clock, audit);
    this.tokens = new ApiTokenService(options.database, this.clock, audit);
    this.totpLabel = options.totpLabel ?? 'owner';
    // Computed now rather than at the first login without an owner, so that login is not the slow one.
    this.dummy().catch(() => undefined);
  }

  status(): OwnerStatus {
    const owner = this.owner.get();
    return {
      configured: owner !== undefined,
      totpConfirmed: owner?.confirmed ?? false,
      recoveryCodesLeft: owner ? this.owner.countUnusedRecoveryCodes() : 0,
      passwordChangedAt: owner?.passwordChangedAt ?? null,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Setup
  // ---------------------------------------------------------------------------------------------

  /**
   * Sets the password and returns a new TOTP secret and recovery codes; logins stay impossible until
   * confirmSetup() sees a code from the authenticator. Running it again before confirmation replaces
   * everything; once confirmed it is refused (`conflict`): resets go through the local CLI.
   */
  async beginSetup(password: string, ctx: AuditContext): Promise<SetupStart> {
    validateNewPassword(password);
    this.refuseIfConfirmed();
    const passwordHash = await hashPassword(password);
    const secret = newTotpSecret();
    const recoveryCodes = generateRecoveryCodes();
    this.owner.transaction(() => {
      this.owner.saveUnconfirmed(
        { passwordHash, totpPendingEnc: this.box.encrypt(secret, TOTP_SEAL_CONTEXT), recoveryCodeHashes: recoveryCodes.map(hashCode) },
        this.clock(),
      );
      this.audit('setup', ctx, { stage: 'begun' });
    });
    return { totpUri: totpUri(secret, { issuer: TOTP_ISSUER, label: this.totpLabel }), secret, recoveryCodes };
  }

  /** Finishes setup with a code from the new authenticator; `unauthorized` for a wrong or reused code. */
  confirmSetup(code: string, ctx: AuditContext): void {
    const owner = this.owner.get();
    if (owner?.confirmed) throw new CoreError('conflict', 'the owner is already set up');
    if (!owner?.totpPendingEnc) throw new CoreError('conflict', 'setup has not begun: set a password first');
    this.confirmPending(owner, owner.totpPendingEnc, code, () => this.audit('setup', ctx, { stage: 'confirmed' }));
    this.setupCodeHash = undefined;
  }

  /**
   * A one-time code for first-run setup from a browser (printed by the daemon, like Jupyter's token):
   * 80 bits, human-typable, held only as a hash in memory. A new call replaces the previous code; it
   * stays valid until setup is confirmed.
   */
  issueSetupCode(): string {
    this.refuseIfConfirmed();
    const code = generateHumanCode(SETUP_CODE_GROUPS);
    this.setupCodeHash = sha256(normaliseHumanCode(code, SETUP_CODE_GROUPS)!);
    return code;
  }

  /** Whether `code` is the current setup code (compared in constant time); false once the owner is set up. */
  checkSetupCode(code: string, ctx?: AuditContext): boolean {
    if (this.owner.get()?.confirmed) this.setupCodeHash = undefined;
    const expected = this.setupCodeHash;
    const typed = normaliseHumanCode(code, SETUP_CODE_GROUPS) ?? code;
    // Compare even without a current code, so a probe learns nothing from the time it takes.
    const ok = secretsEqual(sha256(typed), expected ?? sha256(randomBytes(16).toString('hex'))) && expected !== undefined;
    if (ctx) this.audit(ok ? 'setup-code-used' : 'setup-code-rejected', ctx);
    return ok;
  }

  // ---------------------------------------------------------------------------------------------
  // Login verification and credentials
  // ---------------------------------------------------------------------------------------------

  /**
   * Password plus a TOTP code (single use) or a recovery code (then used up). Always runs one argon2
   * verify, against a dummy hash when there is no owner, so timing does not tell whether one exists.
   * A hash made with weaker parameters is upgraded on success.
   */
  async verifyLogin(attempt: LoginAttempt, ctx: AuditContext): Promise<boolean> {
    const owner = this.owner.get();
    if (!owner?.confirmed || !owner.totpSecretEnc) {
      await verifyPassword(await this.dummy(), attempt.password);
      this.audit('login-failed', ctx, { reason: 'not-set-up' });
      return false;
    }
    const password = await verifyPassword(owner.passwordHash, attempt.password);
    if (!password.ok) {
      this.audit('login-failed', ctx, { reason: 'password' });
      return false;
    }
    const now = this.clock();
    const method = 'totp' in attempt ? 'totp' : 'recovery-code';
    const accepted = this.owner.transaction(() => {
      // Re-read: the password or authenticator may have changed while argon2 ran.
      const current = this.owner.get();
      if (current?.passwordHash !== owner.passwordHash || !this.useSecondFactor(current, attempt, now, ctx)) return false;
      this.audit('login-succeeded', ctx, { method });
      return true;
    });
    if (!accepted) {
      this.audit('login-failed', ctx, { reason: method });
      return false;
    }
    if (password.needsRehash) this.owner.rehashPassword(owner.passwordHash, await hashPassword(attempt.password), this.clock());
    return true;
  }

  /**
   * Changes the password given the current one and a fresh TOTP code. Every other browser login is
   * ended (a changed password usually means the old one leaked); `ctx.loginId` names the one to keep.
   */
  async changePassword(
    currentPassword: string,
    newPassword: string,
    totp: string,
    ctx: AuditContext & { loginId?: string },
  ): Promise<{ revokedLogins: string[] }> {
    validateNewPassword(newPassword);
    const owner = this.requireConfirmed();
    const password = await verifyPassword(owner.passwordHash, currentPassword);
    const now = this.clock();
    const check = password.ok
      ? verifyTotp(this.box.decrypt(owner.totpSecretEnc!, TOTP_SEAL_CONTEXT), totp, owner.totpLastStep, now)
      : ({ ok: false } as const);
    const newHash = check.ok ? await hashPassword(newPassword) : undefined;
    const revoked = this.owner.transaction(() => {
      if (!check.ok || newHash === undefined || !this.owner.advanceTotpStep(check.step, now)) return undefined;
      this.owner.setPasswordHash(newHash, now);
      const ids = this.logins.revokeAllQuietly('password-changed', ctx.loginId);
      this.audit('password-changed', ctx, { revokedLogins: ids.length });
      return ids;
    });
    if (!revoked) {
      this.audit('login-failed', ctx, { reason: password.ok ? 'totp' : 'password', during: 'change-password' });
      throw new CoreError('unauthorized', 'the current password or the authenticator code is wrong');
    }
    return { revokedLogins: revoked };
  }

  /** Sets a new password without the old one: for the local CLI only. Ends every browser login. */
  async resetPassword(newPassword: string, ctx: AuditContext): Promise<{ revokedLogins: string[] }> {
    validateNewPassword(newPassword);
    if (!this.owner.get()) throw new CoreError('conflict', 'no owner is set up yet: run setup first');
    const passwordHash = await hashPassword(newPassword);
    const now = this.clock();
    return this.owner.transaction(() => {
      this.owner.setPasswordHash(passwordHash, now);
      const revokedLogins = this.logins.revokeAllQuietly('password-reset');
      this.audit('password-reset', ctx, { revokedLogins: revokedLogins.length });
      return { revokedLogins };
    });
  }

  /** Starts replacing the authenticator (local CLI): the current one keeps working until confirmation. */
  beginTotpReset(ctx: AuditContext): TotpEnrolment {
    this.requireConfirmed();
    const secret = newTotpSecret();
    this.owner.transaction(() => {
      this.owner.setPendingTotp(this.box.encrypt(secret, TOTP_SEAL_CONTEXT), this.clock());
      this.audit('totp-reset', ctx, { stage: 'begun' });
    });
    return { totpUri: totpUri(secret, { issuer: TOTP_ISSUER, label: this.totpLabel }), secret };
  }

  /**
   * Switches to the new authenticator given one of its codes. Every browser login ends: the usual
   * reason for a reset is a lost phone, and that phone is logged in.
   */
  confirmTotpReset(code: string, ctx: AuditContext): { revokedLogins: string[] } {
    const owner = this.requireConfirmed();
    if (!owner.totpPendingEnc) throw new CoreError('conflict', 'no authenticator reset is in progress');
    let revokedLogins: string[] = [];
    this.confirmPending(owner, owner.totpPendingEnc, code, () => {
      revokedLogins = this.logins.revokeAllQuietly('totp-reset');
      this.audit('totp-reset', ctx, { stage: 'confirmed', revokedLogins: revokedLogins.length });
    });
    return { revokedLogins };
  }

  /** Replaces every recovery code; the new ones are returned once. */
  regenerateRecoveryCodes(ctx: AuditContext): string[] {
    if (!this.owner.get()) throw new CoreError('conflict', 'no owner is set up yet: run setup first');
    const codes = generateRecoveryCodes();
    this.owner.transaction(() => {
      this.owner.replaceRecoveryCodes(codes.map(hashCode), this.clock());
      this.audit('recovery-codes-regenerated', ctx, { count: codes.length });
    });
    return codes;
  }

  // ---------------------------------------------------------------------------------------------
  // Browser logins (LoginService) and API tokens (ApiTokenService)
  // ---------------------------------------------------------------------------------------------

  /** A new browser login, for after verifyLogin() succeeded. */
  createLogin(client: { ip?: string | null; userAgent?: string | null }): NewLoginResult {
    this.requireConfirmed();
    return this.logins.create(client);
  }

  /** The active login a cookie's token belongs to (recording the activity), else undefined. */
  authenticateLogin(token: string, now?: number): LoginRecord | undefined {
    return this.logins.authenticate(token, now);
  }

  /** Active logins, oldest first. */
  listLogins(now?: number): LoginRecord[] {
    return this.logins.list(now);
  }

  /** Ends the caller's own login. */
  logout(loginId: string, ctx: AuditContext): void {
    this.logins.logout(loginId, ctx);
  }

  /** Ends a login; `not_found` when it is unknown or already ended. */
  revokeLogin(id: string, ctx: AuditContext): void {
    this.logins.revoke(id, ctx);
  }

  /** Ends every login but `except` (usually the caller's own); returns the ids ended. */
  revokeAllLogins(options: { except?: string }, ctx: AuditContext): string[] {
    return this.logins.revokeAll(options, ctx);
  }

  /** A new API token, returned once; only its hash is stored. */
  createApiToken(input: { name: string; readOnly?: boolean }, ctx: AuditContext): NewApiTokenResult {
    return this.tokens.create(input, ctx);
  }

  /** The unrevoked token presented as a bearer token (recording its use), else undefined. */
  authenticateApiToken(token: string, now?: number): ApiTokenRecord | undefined {
    return this.tokens.authenticate(token, now);
  }

  /** Unrevoked tokens, oldest first. */
  listApiTokens(): ApiTokenRecord[] {
    return this.tokens.list();
  }

  /** Revokes by id or name; `not_found` when no unrevoked token matches. */
  revokeApiToken(idOrName: string, ctx: AuditContext): ApiTokenRecord {
    return this.tokens.revoke(idOrName, ctx);
  }

  // ---------------------------------------------------------------------------------------------
  // Audit
  // ---------------------------------------------------------------------------------------------

  /** Records an entry (also for the daemon's own events, e.g. rate-limited). */
  audit(type: string, ctx: AuditContext, detail?: unknown): void {
    this.auditLog.add({ type, actor: ctx.actor, ip: ctx.ip?.slice(0, IP_MAX_LENGTH) ?? null, detail }, this.clock());
  }

  listAudit(query: AuditQuery = {}): AuditRecord[] {
    return this.auditLog.list(query);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Checks and spends the second factor of a login whose password was right: a TOTP code is recorded
   * as the last used step, a recovery code is marked used. Runs inside the caller's transaction.
   */
  private useSecondFactor(owner: OwnerRecord, attempt: LoginAttempt, now: number, ctx: AuditContext): boolean {
    if ('totp' in attempt) {
      const check = verifyTotp(this.box.decrypt(owner.totpSecretEnc!, TOTP_SEAL_CONTEXT), attempt.totp, owner.totpLastStep, now);
      return check.ok && this.owner.advanceTotpStep(check.step, now);
    }
    const codeHash = hashRecoveryCode(attempt.recoveryCode);
    if (codeHash === undefined || !this.owner.useRecoveryCode(codeHash, now)) return false;
    this.audit('recovery-code-used', ctx, { left: this.owner.countUnusedRecoveryCodes() });
    return true;
  }

  /** Verifies `code` against the pending secret and, atomically with `andThen`, makes it the active one. */
  private confirmPending(owner: OwnerRecord, pendingEnc: string, code: string, andThen: () => void): void {
    const now = this.clock();
    // A pending secret is brand new: no code of it was ever accepted, so the old secret's last step
    // does not bind it (a reset confirmed within the same 30 s as a login would otherwise be refused).
    const check = verifyTotp(this.box.decrypt(pendingEnc, TOTP_SEAL_CONTEXT), code, -1, now);
    const confirmed =
      check.ok &&
      this.owner.transaction(() => {
        if (!this.owner.confirmPendingTotp(pendingEnc, check.step, now)) return false;
        andThen();
        return true;
      });
    if (!confirmed) {
      throw new CoreError('unauthorized', 'that code is not right (or was already used): check the phone clock and try the next code');
    }
  }

  private requireConfirmed(): OwnerRecord & { totpSecretEnc: string } {
    const owner = this.owner.get();
    if (!owner?.confirmed || !owner.totpSecretEnc) throw new CoreError('conflict', 'the owner is not set up yet: finish setup first');
    return owner as OwnerRecord & { totpSecretEnc: string };
  }

  private refuseIfConfirmed(): void {
    if (this.owner.get()?.confirmed) {
      throw new CoreError('conflict', 'the owner is already set up; reset the password or authenticator with the local CLI');
    }
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
    return this.dummyHash;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hashCode(code: string): string {
  return hashRecoveryCode(code)!;
}
