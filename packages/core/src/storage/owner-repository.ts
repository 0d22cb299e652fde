import { and, count, eq, isNull, lt, sql } from 'drizzle-orm';
import { CoreError } from '../errors.js';
import type { CodePiperDatabase, StorageDb } from './database.js';
import { owner, recoveryCodes, type OwnerRow } from './schema.js';
import { isoAt } from './sqlite-error.js';

/** The single owner row: the owner is the only account there is. */
const OWNER_ID = 1;

export interface OwnerRecord {
  passwordHash: string;
  /** The confirmed TOTP secret, sealed by SecretBox; null before the first confirmation. */
  totpSecretEnc: string | null;
  /** Time step of the last accepted code; only later steps are accepted. */
  totpLastStep: number;
  /** A new secret waiting for its first code (setup or reset), sealed. */
  totpPendingEnc: string | null;
  createdAt: string;
  updatedAt: string;
  passwordChangedAt: string;
  /** A first code has been confirmed: logins are possible. */
  confirmed: boolean;
}

/**
 * The owner's credentials and recovery codes. Each method is one statement or one transaction;
 * `transaction()` lets a caller group several with writes to other repositories (same connection).
 */
export class OwnerRepository {
  private readonly db: StorageDb;

  constructor(private readonly database: CodePiperDatabase) {
    this.db = database.db;
  }

  /** Runs `fn` atomically; nested calls become savepoints. `fn` must be synchronous. */
  transaction<T>(fn: () => T): T {
    return this.database.sqlite.transaction(fn)();
  }

  get(): OwnerRecord | undefined {
    const row = this.db.select().from(owner).where(eq(owner.id, OWNER_ID)).get();
    return row ? recordFromRow(row) : undefined;
  }

  /**
   * Starts (or restarts) setup: stores the password and the secret awaiting confirmation, and replaces
   * the recovery codes. Refuses with `conflict` once an owner is confirmed, so setup cannot be used to
   * take over a configured daemon.
   */
  saveUnconfirmed(input: { passwordHash: string; totpPendingEnc: string; recoveryCodeHashes: string[] }, now: number): OwnerRecord {
    const at = isoAt(now);
    return this.transaction(() => {
      const current = this.get();
      if (current?.confirmed) throw new CoreError('conflict', 'the owner is already set up');
      if (current) {
        this.db
          .update(owner)
          .set({ passwordHash: input.passwordHash, totpPendingEnc: input.totpPendingEnc, updatedAt: at, passwordChangedAt: at })
          .where(eq(owner.id, OWNER_ID))
          .run();
      } else {
        this.db
          .insert(owner)
          .values({
            id: OWNER_ID,
            passwordHash: input.passwordHash,
            totpPendingEnc: input.totpPendingEnc,
            createdAt: at,
            updatedAt: at,
            passwordChangedAt: at,
          })
          .run();
      }
      this.replaceRecoveryCodes(input.recoveryCodeHashes, now);
      return this.get()!;
    });
  }

  /**
   * Makes the pending secret the active one and records `step` as used, if the pending secret is still
   * `expectedPendingEnc` (a setup restarted meanwhile must not be confirmed by the older code) and
   * `step` is after the last used one. Marks the owner confirmed. True when it happened.
   */
  confirmPendingTotp(expectedPendingEnc: string, step: number, now: number): boolean {
    const result = this.db
      .update(owner)
      .set({
        totpSecretEnc: sql`${owner.totpPendingEnc}`,
        totpPendingEnc: null,
        totpLastStep: step,
        confirmed: true,
        updatedAt: isoAt(now),
      })
      .where(and(eq(owner.id, OWNER_ID), eq(owner.totpPendingEnc, expectedPendingEnc)))
      .run();
    return result.changes > 0;
  }

  /** Stores (or clears, with null) a secret awaiting confirmation, leaving the active one in force. */
  setPendingTotp(pendingEnc: string | null, now: number): void {
    this.requireChange(this.db.update(owner).set({ totpPendingEnc: pendingEnc, updatedAt: isoAt(now) }).where(eq(owner.id, OWNER_ID)).run());
  }

  /**
   * Records `step` as the last used TOTP step if it is later than the stored one. False when it is
   * not: the code was already used (or one from a later step was), i.e. a replay.
   */
  advanceTotpStep(step: number, now: number): boolean {
    const result = this.db
      .update(owner)
      .set({ totpLastStep: step, updatedAt: isoAt(now) })
      .where(and(eq(owner.id, OWNER_ID), lt(owner.totpLastStep, step)))
      .run();
    return result.changes > 0;
  }

  /** Stores the hash of a new password. */
  setPasswordHash(passwordHash: string, now: number): void {
    const at = isoAt(now);
    this.requireChange(this.db.update(owner).set({ passwordHash, updatedAt: at, passwordChangedAt: at }).where(eq(owner.id, OWNER_ID)).run());
  }

  /**
   * Upgrades the stored hash of the *same* password (stronger parameters) if it is still `previousHash`:
   * a password changed while the rehash was computed must not be overwritten by the old one.
   */
  rehashPassword(previousHash: string, passwordHash: string, now: number): boolean {
    const result = this.db
      .update(owner)
      .set({ passwordHash, updatedAt: isoAt(now) })
      .where(and(eq(owner.id, OWNER_ID), eq(owner.passwordHash, previousHash)))
      .run();
    return result.changes > 0;
  }

  /** Replaces every recovery code with these hashes, atomically. */
  replaceRecoveryCodes(codeHashes: string[], now: number): void {
    const at = isoAt(now);
    this.transaction(() => {
      this.db.delete(recoveryCodes).run();
      if (codeHashes.length > 0) this.db.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ codeHash, createdAt: at }))).run();
    });
  }

  /** Marks an unused code as used; false when there is no such unused code. A code works once. */
  useRecoveryCode(codeHash: string, now: number): boolean {
    const result = this.db
      .update(recoveryCodes)
      .set({ usedAt: isoAt(now) })
      .where(and(eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
      .run();
    return result.changes > 0;
  }

  countUnusedRecoveryCodes(): number {
    return this.db.select({ n: count() }).from(recoveryCodes).where(isNull(recoveryCodes.usedAt)).get()?.n ?? 0;
  }

  private requireChange(result: { changes: number }): void {
    if (result.changes === 0) throw new CoreError('conflict', 'no owner is set up yet');
  }
}

function recordFromRow(row: OwnerRow): OwnerRecord {
  return {
    passwordHash: row.passwordHash,
    totpSecretEnc: row.totpSecretEnc,
    totpLastStep: row.totpLastStep,
    totpPendingEnc: row.totpPendingEnc,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    passwordChangedAt: row.passwordChangedAt,
    confirmed: row.confirmed,
  };
}
