import { z } from 'zod';

/** Token counts and cost; `costUsd` is null when a model's price is unknown (never guessed). */
export const UsageTotalsSchema = z.object({
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cacheCreationInputTokens: z.number().int(),
  cacheReadInputTokens: z.number().int(),
  /** Sum over the priced messages; null when no message in the group has a known price. */
  costUsd: z.number().nullable(),
  /** API messages counted (each once, de-duplicated by message id and request id). */
  messages: z.number().int(),
  /** Models in the group without a known price: their tokens are counted, their cost is not. */
  unpricedModels: z.array(z.string()),
});
export type UsageTotals = z.infer<typeof UsageTotalsSchema>;

export const USAGE_GROUPINGS = ['day', 'model', 'session'] as const;
export const UsageGroupingSchema = z.enum(USAGE_GROUPINGS, { error: () => `group by one of ${USAGE_GROUPINGS.join(', ')}` });
export type UsageGrouping = z.infer<typeof UsageGroupingSchema>;

/** `7d`, `24h`, `30m`, or an ISO date/time. */
export const SinceSchema = z
  .string()
  .regex(/^(\d+[mhdw]|\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?)$/, 'since is a duration like 7d, 24h, 30m or 2w, or an ISO date');

/** GET /api/usage */
export const UsageQuerySchema = z
  .object({
    session: z.string().min(1).max(64).optional(),
    since: SinceSchema.optional(),
    by: UsageGroupingSchema.optional(),
  })
  .strict();
export type UsageQuery = z.infer<typeof UsageQuerySchema>;

export const UsageRowSchema = UsageTotalsSchema.extend({
  /** The day (YYYY-MM-DD, UTC), the model, or the session id. */
  key: z.string(),
  /** For session rows: the session's name. */
  label: z.string().nullable(),
});
export type UsageRow = z.infer<typeof UsageRowSchema>;

export const UsageReportSchema = z.object({
  since: z.string().nullable(),
  by: UsageGroupingSchema.nullable(),
  totals: UsageTotalsSchema,
  rows: z.array(UsageRowSchema),
});
export type UsageReport = z.infer<typeof UsageReportSchema>;

/** GET /api/analytics: what the Analytics page draws. */
export const AnalyticsReportSchema = z.object({
  since: z.string().nullable(),
  /** Per UTC day and model. */
  daily: z.array(UsageRowSchema.extend({ day: z.string(), model: z.string() })),
  totals: UsageTotalsSchema,
  /** cacheRead / (input + cacheCreation + cacheRead), 0..1; null with no input at all. */
  cacheHitRate: z.number().nullable(),
  topTools: z.array(z.object({ tool: z.string(), count: z.number().int() })),
  topSessions: z.array(UsageRowSchema),
});
export type AnalyticsReport = z.infer<typeof AnalyticsReportSchema>;
