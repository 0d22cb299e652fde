import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { APPROVAL_STATUSES, POLICY_ACTIONS, POLICY_SCOPES, SESSION_STATUSES } from '@codepiper/protocol';

// This file is read by drizzle-kit as well as compiled: keep its imports to packages, not sibling files,
// so the generator's loader never has to map `.js` specifiers back to `.ts` sources.

/** One row per session ever created; rows are only deleted by an explicit `rm`. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull().unique(),
    /** argv as a JSON array of strings. */
    command: text('command').notNull(),
    cwd: text('cwd').notNull(),
    /** The base size: set at creation or by an explicit resize, not by whichever client is in control. */
    cols: integer('cols').notNull(),
    rows: integer('rows').notNull(),
    status: text('status', { enum: SESSION_STATUSES }).notNull(),
    pid: integer('pid'),
    exitCode: integer('exit_code'),
    signal: text('signal'),
    createdAt: text('created_at').notNull(),
    endedAt: text('ended_at'),
    lastActivityAt: text('last_activity_at'),
    outputBytes: integer('output_bytes').notNull().default(0),
    provider: text('provider'),
    /** The agent's own conversation id (Claude's --session-id, Codex's thread id). */
    providerSessionId: text('provider_session_id'),
    model: text('model'),
    /** Hook-driven agent state (see AGENT_STATES); NULL for sessions without hooks. */
    agentState: text('agent_state'),
    agentStateReason: text('agent_state_reason'),
    agentStateAt: text('agent_state_at'),
    /** SHA-256 of the secret the session's hooks present; NULL for sessions without hooks. */
    hookSecretHash: text('hook_secret_hash'),
    /** The agent's transcript (Claude's project JSONL, Codex's rollout), once known. */
    transcriptPath: text('transcript_path'),
    /** The owner asked to stop or kill it, so its exit is recorded as `stopped` whatever the code. */
    stopRequested: integer('stop_requested', { mode: 'boolean' }).notNull().default(false),
  },
  (table) => [
    check('sessions_status_check', sql`${table.status} IN (${sql.raw(SESSION_STATUSES.map((s) => `'${s}'`).join(', '))})`),
    check('sessions_stop_requested_check', sql`${table.stopRequested} IN (0, 1)`),
    index('sessions_created_at_idx').on(table.createdAt),
    uniqueIndex('sessions_hook_secret_hash_unique').on(table.hookSecretHash),
  ],
);

/** The lifecycle history of a session (created, renamed, resized, exited, …), oldest first by id. */
export const sessionEvents = sqliteTable(
  'session_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    at: text('at').notNull(),
    type: text('type').notNull(),
    /** JSON, or NULL when the event carries nothing. */
    data: text('data'),
  },
  (table) => [index('session_events_session_id_idx').on(table.sessionId, table.id)],
);

/** Small daemon state that has no better home (one value per key). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * The one owner (id 1). Secrets are stored encrypted with the key in `$CODEPIPER_HOME/keys/`, so a copy
 * of the database alone does not yield a working second factor.
 */
export const owner = sqliteTable(
  'owner',
  {
    id: integer('id').primaryKey(),
    /** argon2id PHC string. */
    passwordHash: text('password_hash').notNull(),
    /** The confirmed TOTP secret, sealed; NULL until the first code is confirmed. */
    totpSecretEnc: text('totp_secret_enc'),
    /** Time step of the last accepted TOTP code: a code is accepted only for a later step (single use). */
    totpLastStep: integer('totp_last_step').notNull().default(0),
    /** A new secret awaiting its first code (setup or reset), sealed. */
    totpPendingEnc: text('totp_pending_enc'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    passwordChangedAt: text('password_changed_at').notNull(),
    /** Becomes true once a code of the first secret has been confirmed: only then can anyone log in. */
    confirmed: integer('confirmed', { mode: 'boolean' }).notNull().default(false),
  },
  (table) => [
    check('owner_single_row_check', sql`${table.id} = 1`),
    check('owner_confirmed_check', sql`${table.confirmed} IN (0, 1)`),
  ],
);

/** The owner's recovery codes, as SHA-256 of the normalised code; regenerating replaces them all. */
export const recoveryCodes = sqliteTable('recovery_codes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  codeHash: text('code_hash').notNull().unique(),
  usedAt: text('used_at'),
  createdAt: text('created_at').notNull(),
});

/** Browser logins: the cookie holds a random token, the table only its SHA-256. */
export const logins = sqliteTable(
  'logins',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    /** Absolute end of the login, whatever its activity. */
    expiresAt: text('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    revokedAt: text('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (table) => [index('logins_expires_at_idx').on(table.expiresAt)],
);

/** Tokens for scripts and other machines; only their SHA-256 is kept. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    readOnly: integer('read_only', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (table) => [
    // A revoked token keeps its name in the list of past tokens, so a new one may reuse it.
    uniqueIndex('api_tokens_active_name_unique').on(table.name).where(sql`${table.revokedAt} IS NULL`),
    check('api_tokens_read_only_check', sql`${table.readOnly} IN (0, 1)`),
  ],
);

/** Security-relevant events, append-only. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    type: text('type').notNull(),
    ip: text('ip'),
    /** `owner`, `local-cli`, `token:<id>` or `anonymous`. */
    actor: text('actor').notNull(),
    /** JSON, or NULL. */
    detail: text('detail'),
  },
  (table) => [index('audit_log_at_idx').on(table.at)],
);

/** Policy rules for agent tool calls; see PolicyRuleSchema for the matching semantics. */
export const policyRules = sqliteTable(
  'policy_rules',
  {
    id: text('id').primaryKey(),
    action: text('action', { enum: POLICY_ACTIONS }).notNull(),
    tool: text('tool').notNull(),
    input: text('input'),
    cwd: text('cwd'),
    scope: text('scope', { enum: POLICY_SCOPES }).notNull(),
    provider: text('provider'),
    /** Session-scoped rules go with their session. */
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    priority: integer('priority').notNull().default(0),
    reason: text('reason'),
    createdAt: text('created_at').notNull(),
  },
  (table) => [
    check('policy_rules_action_check', sql`${table.action} IN ('allow', 'deny', 'ask')`),
    check('policy_rules_scope_check', sql`${table.scope} IN ('global', 'provider', 'session')`),
    index('policy_rules_priority_idx').on(table.priority),
  ],
);

/** Tool calls held for (or decided on behalf of) the owner; kept as history after the decision. */
export const approvals = sqliteTable(
  'approvals',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    /** The hook event that asked: PermissionRequest or PreToolUse. */
    event: text('event').notNull(),
    tool: text('tool').notNull(),
    /** JSON of the tool input as the agent sent it. */
    input: text('input').notNull(),
    summary: text('summary').notNull(),
    status: text('status', { enum: APPROVAL_STATUSES }).notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by'),
    reason: text('reason'),
  },
  (table) => [
    check('approvals_status_check', sql`${table.status} IN ('pending', 'approved', 'denied', 'timeout', 'cancelled')`),
    index('approvals_status_idx').on(table.status, table.createdAt),
    index('approvals_session_idx').on(table.sessionId),
  ],
);

/**
 * One row per API message an agent was billed for. Claude writes one transcript line per content
 * block, each with the message's full usage: the unique key counts a message once.
 */
export const usageMessages = sqliteTable(
  'usage_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'set null' }),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    /** Claude: message.id; Codex: `<thread>:<n>` of its token_count event. */
    messageId: text('message_id').notNull(),
    /** Claude: requestId (empty when absent); Codex: empty. */
    requestId: text('request_id').notNull().default(''),
    at: text('at').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    cacheCreationInputTokens: integer('cache_creation_input_tokens').notNull(),
    cacheReadInputTokens: integer('cache_read_input_tokens').notNull(),
  },
  (table) => [
    uniqueIndex('usage_messages_unique').on(table.provider, table.messageId, table.requestId),
    index('usage_messages_at_idx').on(table.at),
    index('usage_messages_session_idx').on(table.sessionId),
  ],
);

/** Tool calls seen in transcripts, for analytics ("top tools"); one row per tool_use id. */
export const toolUses = sqliteTable(
  'tool_uses',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'set null' }),
    provider: text('provider').notNull(),
    tool: text('tool').notNull(),
    at: text('at').notNull(),
  },
  (table) => [index('tool_uses_at_idx').on(table.at)],
);

/**
 * How far each transcript has been read. Updated in the same transaction as the rows read, so a crash
 * neither double-counts nor drops a line.
 */
export const transcriptCursors = sqliteTable('transcript_cursors', {
  path: text('path').primaryKey(),
  sessionId: text('session_id').references(() => sessions.id, { onDelete: 'set null' }),
  provider: text('provider').notNull(),
  /** Byte offset just after the last complete line consumed. */
  offset: integer('offset').notNull().default(0),
  /** Provider-specific carry-over between reads (Codex: the last cumulative totals), JSON. */
  state: text('state'),
  updatedAt: text('updated_at').notNull(),
});

/**
 * Browsers subscribed to Web Push, one row per device (per PushSubscription endpoint). `p256dh` and
 * `auth` are the browser's keys for encrypting payloads (RFC 8291); they never leave the daemon.
 */
export const pushSubscriptions = sqliteTable(
  'push_subscriptions',
  {
    id: text('id').primaryKey(),
    endpoint: text('endpoint').notNull().unique(),
    p256dh: text('p256dh').notNull(),
    auth: text('auth').notNull(),
    /** What the owner calls the device ("Pixel", "work laptop"); defaults to browser + platform. */
    name: text('name').notNull(),
    userAgent: text('user_agent'),
    platform: text('platform'),
    /** The subscription's own expiry (ms since the epoch) when the browser gave one. */
    expirationTime: integer('expiration_time'),
    createdAt: text('created_at').notNull(),
    /** Last time the browser (re)registered the subscription. */
    lastSeenAt: text('last_seen_at').notNull(),
    /** Failed deliveries since the last successful one. */
    failures: integer('failures').notNull().default(0),
});

/** The in-app inbox: one row per event worth telling the owner about, pushed or not. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** `complete`, `crashed` or `approval`. */
    kind: text('kind').notNull(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    /** The session's name when it happened (names change). */
    sessionName: text('session_name').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    approvalId: text('approval_id'),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
  },
  (table) => [
    index('notifications_created_at_idx').on(table.createdAt),
    index('notifications_session_idx').on(table.sessionId, table.readAt),
    uniqueIndex('notifications_approval_unique').on(table.approvalId),
  ],
);

/** Every delivery attempt of a push (and every device skipped), newest last, for `codepiper notify log`. */
export const pushDeliveries = sqliteTable(
  'push_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    /** NULL once the device is removed; `deviceName` and `endpointOrigin` keep the row readable. */
    subscriptionId: text('subscription_id').references(() => pushSubscriptions.id, { onDelete: 'set null' }),
    deviceName: text('device_name').notNull(),
    /** The push service (scheme://host), never the full endpoint: the endpoint is the device's address. */
    endpointOrigin: text('endpoint_origin').notNull(),
    notificationId: integer('notification_id').references(() => notifications.id, { onDelete: 'set null' }),
    /** What was pushed: `complete`, `crashed`, `approval`, `approval-resolved` or `test`. */
    event: text('event').notNull(),
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'set null' }),
    /** 1 for the first try; skipped devices have 0. */
    attempt: integer('attempt').notNull(),
    /** `delivered`, `retrying`, `failed`, `gone` (the subscription was removed) or `skipped`. */
    outcome: text('outcome').notNull(),
    /** The push service's HTTP status; NULL when no answer came (network error, timeout) or skipped. */
    status: integer('status'),
    error: text('error'),
  },
  (table) => [index('push_deliveries_at_idx').on(table.at), index('push_deliveries_subscription_idx').on(table.subscriptionId, table.id)],
);

/**
 * What is pushed: the row `global` holds the defaults (NULL there means the built-in default) and the
 * "push even while viewing" switch; a row per session holds its overrides (NULL = inherit). Session
 * rows carry the session id twice, as key and as foreign key, so they go with their session.
 */
export const notificationSettings = sqliteTable(
  'notification_settings',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    complete: integer('complete', { mode: 'boolean' }),
    crashed: integer('crashed', { mode: 'boolean' }),
    approval: integer('approval', { mode: 'boolean' }),
    pushWhileViewing: integer('push_while_viewing', { mode: 'boolean' }),
    updatedAt: text('updated_at').notNull(),
  },
  (table) => [
    check(
      'notification_settings_scope_check',
      sql`(${table.id} = 'global' AND ${table.sessionId} IS NULL) OR (${table.sessionId} = ${table.id} AND ${table.pushWhileViewing} IS NULL)`,
    ),
  ],
);

export type SessionRow = typeof sessions.$inferSelect;
export type SessionInsertRow = typeof sessions.$inferInsert;
export type SessionEventRow = typeof sessionEvents.$inferSelect;
export type OwnerRow = typeof owner.$inferSelect;
export type LoginRow = typeof logins.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
export type PolicyRuleRow = typeof policyRules.$inferSelect;
export type ApprovalRow = typeof approvals.$inferSelect;
export type UsageMessageRow = typeof usageMessages.$inferSelect;
export type ToolUseRow = typeof toolUses.$inferSelect;
export type TranscriptCursorRow = typeof transcriptCursors.$inferSelect;
export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type PushDeliveryRow = typeof pushDeliveries.$inferSelect;
export type NotificationSettingsRow = typeof notificationSettings.$inferSelect;
