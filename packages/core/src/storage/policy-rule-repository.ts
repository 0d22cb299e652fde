import { randomBytes } from 'node:crypto';
import { asc, desc, eq, like, sql } from 'drizzle-orm';
import type { PolicyAction, PolicyRule, PolicyScope, ProviderName } from '@codepiper/protocol';
import { CoreError } from '../errors.js';
import type { CodePiperDatabase, StorageDb } from './database.js';
import { policyRules, type PolicyRuleRow } from './schema.js';
import { isoAt, sqliteErrorCode } from './sqlite-error.js';

const ID_PREFIX_PATTERN = /^[0-9a-f]{1,8}$/;

/** What insert() stores; the scope follows from which of provider / sessionId is set. */
export interface NewPolicyRule {
  id: string;
  action: PolicyAction;
  tool: string;
  input: string | null;
  cwd: string | null;
  provider: ProviderName | null;
  /** A full session id; the rule is deleted with its session. */
  sessionId: string | null;
  priority: number;
  reason: string | null;
}

/**
 * Policy rules, returned in evaluation order everywhere: priority (highest first), then scope (session,
 * provider, global: the narrower rule is the more deliberate one), then age (oldest first, rowid breaking
 * ties within one millisecond), so that `list()` reads top to bottom the way the engine tries them.
 */
export class PolicyRuleRepository {
  private readonly db: StorageDb;

  constructor(private readonly database: CodePiperDatabase) {
    this.db = database.db;
  }

  /** Runs `fn` atomically; nested calls become savepoints. `fn` must be synchronous. */
  transaction<T>(fn: () => T): T {
    return this.database.sqlite.transaction(fn)();
  }

  /** A fresh random 8-hex id used by no rule. */
  newId(): string {
    for (;;) {
      const id = randomBytes(4).toString('hex');
      if (!this.get(id)) return id;
    }
  }

  /** Stores a rule; not_found when its session does not exist. */
  insert(rule: NewPolicyRule, now: number): PolicyRule {
    const scope: PolicyScope = rule.sessionId !== null ? 'session' : rule.provider !== null ? 'provider' : 'global';
    try {
      const row = this.db
        .insert(policyRules)
        .values({
          id: rule.id,
          action: rule.action,
          tool: rule.tool,
          input: rule.input,
          cwd: rule.cwd,
          scope,
          provider: rule.provider,
          sessionId: rule.sessionId,
          priority: rule.priority,
          reason: rule.reason,
          createdAt: isoAt(now),
        })
        .returning()
        .get();
      return ruleFromRow(row);
    } catch (error) {
      const code = sqliteErrorCode(error);
      if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new CoreError('not_found', `no session with id ${rule.sessionId ?? ''}`, { cause: error });
      if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new CoreError('conflict', `a policy rule with id ${rule.id} already exists`, { cause: error });
      if (code === 'SQLITE_CONSTRAINT_CHECK') throw new CoreError('bad_request', 'invalid policy rule', { cause: error });
      throw error;
    }
  }

  get(id: string): PolicyRule | undefined {
    const row = this.db.select().from(policyRules).where(eq(policyRules.id, id)).get();
    return row ? ruleFromRow(row) : undefined;
  }

  /** Rules whose id starts with `prefix` (hex, case-insensitive), ordered by id; [] for a non-hex prefix. */
  findByIdPrefix(prefix: string): PolicyRule[] {
    const normalized = prefix.toLowerCase();
    // The pattern also keeps LIKE's wildcards (% and _) out of the query.
    if (!ID_PREFIX_PATTERN.test(normalized)) return [];
    return this.db
      .select()
      .from(policyRules)
      .where(like(policyRules.id, `${normalized}%`))
      .orderBy(asc(policyRules.id))
      .all()
      .map(ruleFromRow);
  }

  /** Every rule, in evaluation order. */
  list(): PolicyRule[] {
    const scopeRank = sql`CASE ${policyRules.scope} WHEN 'session' THEN 0 WHEN 'provider' THEN 1 ELSE 2 END`;
    return this.db
      .select()
      .from(policyRules)
      .orderBy(desc(policyRules.priority), asc(scopeRank), asc(policyRules.createdAt), asc(sql`rowid`))
      .all()
      .map(ruleFromRow);
  }

  /** Deletes a rule; false when there was none with that id. */
  remove(id: string): boolean {
    return this.db.delete(policyRules).where(eq(policyRules.id, id)).run().changes > 0;
  }
}

function ruleFromRow(row: PolicyRuleRow): PolicyRule {
  return {
    id: row.id,
    action: row.action,
    tool: row.tool,
    input: row.input,
    cwd: row.cwd,
    scope: row.scope,
    // Written only through insert(), which takes a ProviderName.
    provider: row.provider as ProviderName | null,
    session: row.sessionId,
    priority: row.priority,
    reason: row.reason,
    createdAt: row.createdAt,
  };
}
