import { z } from 'zod';
import { ProviderNameSchema } from './provider.js';
import { SessionIdSchema } from './session.js';

export const POLICY_ACTIONS = ['allow', 'deny', 'ask'] as const;
export const PolicyActionSchema = z.enum(POLICY_ACTIONS, { error: () => 'an action is allow, deny or ask' });
export type PolicyAction = z.infer<typeof PolicyActionSchema>;

export const POLICY_SCOPES = ['global', 'provider', 'session'] as const;
export const PolicyScopeSchema = z.enum(POLICY_SCOPES);
export type PolicyScope = z.infer<typeof PolicyScopeSchema>;

const Glob = z.string().min(1, 'a pattern cannot be empty').max(1024, 'a pattern is at most 1024 characters');

/**
 * A policy rule. `tool` is a glob on the tool name (`Bash`, `Edit`, `mcp__*`). `input` matches the
 * tool's main input: for Bash the command (a prefix, or a glob when it contains * ? or [), for file
 * tools a path glob resolved against the session's cwd, for WebFetch the URL's host. `cwd` is a glob
 * on the session's working directory. Rules are tried by priority (highest first), then scope
 * (session, provider, global), then age (oldest first); the first match decides; no match means ask.
 */
export const PolicyRuleSchema = z.object({
  id: z.string(),
  action: PolicyActionSchema,
  tool: z.string(),
  input: z.string().nullable(),
  cwd: z.string().nullable(),
  scope: PolicyScopeSchema,
  provider: ProviderNameSchema.nullable(),
  session: SessionIdSchema.nullable(),
  priority: z.number().int(),
  reason: z.string().nullable(),
  createdAt: z.string(),
});
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;
export const PolicyRuleListResponseSchema = z.array(PolicyRuleSchema);

/** POST /api/policies. The scope follows from `session` (session), `provider` (provider), or neither (global). */
export const CreatePolicyRuleRequestSchema = z
  .object({
    action: PolicyActionSchema,
    tool: Glob,
    input: Glob.optional(),
    cwd: Glob.optional(),
    provider: ProviderNameSchema.optional(),
    /** A session id, unique id prefix or name; stored as the full id. */
    session: z.string().min(1).max(64).optional(),
    priority: z.number().int('priority is a whole number').min(-1000, 'priority is between -1000 and 1000').max(1000, 'priority is between -1000 and 1000').optional(),
    reason: z.string().max(500, 'a reason is at most 500 characters').optional(),
  })
  .strict()
  .refine((r) => !(r.provider && r.session), 'a rule is scoped to a session or to a provider, not both');
export type CreatePolicyRuleRequest = z.infer<typeof CreatePolicyRuleRequestSchema>;

/** POST /api/policies/test: which rule would decide this tool call, without running anything. */
export const PolicyTestRequestSchema = z
  .object({
    tool: z.string().min(1, 'name the tool').max(256),
    /** The tool's main input as text (the Bash command, the file path, the URL). */
    input: z.string().max(64 * 1024).optional(),
    session: z.string().min(1).max(64).optional(),
    provider: ProviderNameSchema.optional(),
    cwd: z.string().max(4096).optional(),
  })
  .strict();
export type PolicyTestRequest = z.infer<typeof PolicyTestRequestSchema>;

export const PolicyVerdictSchema = z.object({
  action: PolicyActionSchema,
  /** The rule that decided; null when none matched (the default is ask). */
  rule: PolicyRuleSchema.nullable(),
  /** One sentence: which rule matched and on what, or why none did. */
  explanation: z.string(),
});
export type PolicyVerdict = z.infer<typeof PolicyVerdictSchema>;
