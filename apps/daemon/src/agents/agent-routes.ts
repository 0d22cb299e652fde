import { z } from 'zod';
import {
  ApprovalListResponseSchema,
  ApprovalSchema,
  ApproveRequestSchema,
  DenyRequestSchema,
  HOOK_SECRET_HEADER,
  ListApprovalsQuerySchema,
  ProviderListResponseSchema,
} from '@codepiper/protocol';
import { auditActor } from '../auth/index.js';
import { route, type RouteSpec } from '../http/route-spec.js';
import type { Agents } from './agents.js';

const ProvidersQuerySchema = z.object({ refresh: z.enum(['true', 'false', '1', '0']).optional() }).strict();
const EmptyQuery = z.object({}).strict();

/** Providers and approvals: on every listener, behind its guard (read-only tokens may list, not decide). */
export function agentRoutes(agents: Agents): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/providers',
      summary: 'Agent providers with their capabilities and the binaries found on the daemon PATH (refresh=true looks again)',
      query: ProvidersQuerySchema,
      response: ProviderListResponseSchema,
      handler: async ({ c, query }) => c.json(await agents.providers(query.refresh === 'true' || query.refresh === '1')),
    }),
    route({
      method: 'get',
      path: '/api/approvals',
      summary: 'Tool calls waiting for the owner, oldest first; status=all: the latest approvals of any status, newest first',
      query: ListApprovalsQuerySchema,
      response: ApprovalListResponseSchema,
      handler: ({ c, query }) => c.json(agents.approvals({ all: query.status === 'all', ...(query.session ? { session: query.session } : {}) })),
    }),
    route({
      method: 'post',
      path: '/api/approvals/:id/approve',
      summary: 'Let a held tool call run; remember=true also adds an allow rule for this tool and input in this session',
      body: ApproveRequestSchema,
      response: ApprovalSchema,
      handler: ({ c, params, body }) => c.json(agents.approve(params.id!, auditActor(c.get('principal')), body.remember ?? false)),
    }),
    route({
      method: 'post',
      path: '/api/approvals/:id/deny',
      summary: 'Refuse a held tool call; the reason is passed to the agent',
      body: DenyRequestSchema,
      response: ApprovalSchema,
      handler: ({ c, params, body }) => c.json(agents.deny(params.id!, auditActor(c.get('principal')), body.reason)),
    }),
  ];
}

/**
 * `POST /api/hooks/:provider`: the hook forwarder's door, on the unix socket only. Authenticated by the
 * session's hook secret alone (the header), never by the listener's principal; the answer body is the
 * hook's output.
 */
export function hookRoutes(agents: Agents): RouteSpec[] {
  return [
    route({
      method: 'post',
      path: '/api/hooks/:provider',
      summary: `A hook event of an agent session (unix socket only), authenticated by the ${HOOK_SECRET_HEADER} header; the answer is the hook's output`,
      query: EmptyQuery,
      handler: async ({ c, params }) => {
        const secret = c.req.header(HOOK_SECRET_HEADER);
        const body = await c.req.text();
        const reply = await agents.hook(params.provider!, secret, body, c.req.raw.signal);
        return c.body(reply, 200, { 'Content-Type': reply ? 'application/json' : 'text/plain; charset=utf-8' });
      },
    }),
  ];
}
