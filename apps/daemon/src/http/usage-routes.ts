import { z } from 'zod';
import { AnalyticsReportSchema, SinceSchema, UsageQuerySchema, UsageReportSchema } from '@codepiper/protocol';
import type { UsageService } from '@codepiper/core';
import type { SessionHub } from '../session-hub/index.js';
import { catchUpTranscripts } from '../usage-catch-up.js';
import { parseSince } from './parse-since.js';
import { route, type RouteSpec } from './route-spec.js';

const AnalyticsQuerySchema = z.object({ since: SinceSchema.optional() }).strict();

/**
 * Token usage and cost. Each answer first reads what the sessions concerned appended to their
 * transcripts, so it is exact even when the hook that should have triggered that was missed.
 */
export function usageRoutes(hub: SessionHub, usage: UsageService, log: (message: string) => void): RouteSpec[] {
  const allRecords = () => hub.list(true).map((session) => hub.resolve(session.id));
  return [
    route({
      method: 'get',
      path: '/api/usage',
      summary: 'Token usage and cost, in total and grouped by day, model or session (session: id, id prefix or name)',
      query: UsageQuerySchema,
      response: UsageReportSchema,
      handler: async ({ c, query }) => {
        const session = query.session === undefined ? undefined : hub.resolve(query.session);
        const since = query.since === undefined ? undefined : parseSince(query.since);
        await catchUpTranscripts(usage, session ? [session] : allRecords(), log);
        return c.json(
          usage.report({ ...(session ? { sessionId: session.id } : {}), ...(since ? { since } : {}), ...(query.by ? { by: query.by } : {}) }),
        );
      },
    }),
    route({
      method: 'get',
      path: '/api/analytics',
      summary: 'What the Analytics page draws: tokens and cost per day and model, cache-hit rate, top tools, most expensive sessions',
      query: AnalyticsQuerySchema,
      response: AnalyticsReportSchema,
      handler: async ({ c, query }) => {
        const since = query.since === undefined ? undefined : parseSince(query.since);
        await catchUpTranscripts(usage, allRecords(), log);
        return c.json(usage.analytics(since ? { since } : {}));
      },
    }),
  ];
}
