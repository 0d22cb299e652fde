import { z } from 'zod';
import { ProviderNameSchema } from './provider.js';
import { SessionIdSchema } from './session.js';

/**
 * A tool call held for the owner. `pending` while the agent's hook waits; then `approved` or `denied`
 * (by the owner or a rule), `timeout` (nobody answered in time: the agent fell back to its own prompt),
 * or `cancelled` (answered in the terminal, or the session ended).
 */
export const APPROVAL_STATUSES = ['pending', 'approved', 'denied', 'timeout', 'cancelled'] as const;
export const ApprovalStatusSchema = z.enum(APPROVAL_STATUSES);
export type ApprovalStatus = z.infer<typeof ApprovalStatusSchema>;

export const ApprovalIdSchema = z.string().regex(/^[0-9a-f]{8}$/, 'an approval id is 8 lowercase hex digits');

export const ApprovalSchema = z.object({
  id: ApprovalIdSchema,
  session: SessionIdSchema,
  sessionName: z.string(),
  provider: ProviderNameSchema,
  tool: z.string(),
  /** The tool's input exactly as the agent sent it. */
  input: z.unknown(),
  /** One line for lists and notifications: the command, the path, the URL. */
  summary: z.string(),
  status: ApprovalStatusSchema,
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  /** `owner`, `local-cli`, `token:<id>`, `rule:<id>`, `timeout`, `terminal`. */
  decidedBy: z.string().nullable(),
  reason: z.string().nullable(),
  /** When the agent stops waiting and falls back to its own prompt. */
  expiresAt: z.string(),
});
export type Approval = z.infer<typeof ApprovalSchema>;
export const ApprovalListResponseSchema = z.array(ApprovalSchema);

export const ApproveRequestSchema = z
  .object({
    /** Also add an allow rule for this tool and input, scoped to this session. */
    remember: z.boolean().optional(),
  })
  .strict();
export type ApproveRequest = z.infer<typeof ApproveRequestSchema>;

export const DenyRequestSchema = z.object({ reason: z.string().max(500, 'a reason is at most 500 characters').optional() }).strict();
export type DenyRequest = z.infer<typeof DenyRequestSchema>;

export const ListApprovalsQuerySchema = z
  .object({
    /** `pending` (default) or `all` (the most recent decided ones too). */
    status: z.enum(['pending', 'all']).optional(),
    session: z.string().min(1).max(64).optional(),
  })
  .strict();
