import { homedir } from 'node:os';
import type { Context } from 'hono';
import { z } from 'zod';
import {
  CreatePolicyRuleRequestSchema,
  PolicyRuleListResponseSchema,
  PolicyRuleSchema,
  PolicyTestRequestSchema,
  PolicyVerdictSchema,
  ProviderNameSchema,
  type ProviderName,
} from '@codepiper/protocol';
import type { PolicyEngine } from '@codepiper/core';
import { auditActor, type GuardEnv } from '../auth/index.js';
import { DaemonError } from '../errors.js';
import type { SessionHub } from '../session-hub/index.js';
import { route, type RouteSpec } from './route-spec.js';

const EmptyQuery = z.object({}).strict();

function auditContext(c: Context<GuardEnv>) {
  return { actor: auditActor(c.get('principal')), ip: c.get('clientIp') };
}

/** A session's provider as the engine knows it; sessions from before providers existed ran a shell. */
function providerOf(provider: string | null): ProviderName {
  const parsed = ProviderNameSchema.safeParse(provider ?? 'shell');
  return parsed.success ? parsed.data : 'shell';
}

/**
 * The owner's tool-call policy: rules (list, add, remove) and a dry run of which rule would decide a
 * call. Adding and removing are audited; the dry run writes nothing, so read-only tokens may use it.
 */
export function policyRoutes(policy: PolicyEngine, hub: SessionHub): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/policies',
      summary: 'Policy rules, in the order they are tried',
      query: EmptyQuery,
      response: PolicyRuleListResponseSchema,
      handler: ({ c }) => c.json(policy.list()),
    }),
    route({
      method: 'post',
      path: '/api/policies',
      summary: 'Add a policy rule (scoped to a session by id, prefix or name, to a provider, or global)',
      body: CreatePolicyRuleRequestSchema,
      response: PolicyRuleSchema,
      successStatus: 201,
      handler: ({ c, body }) => {
        const { session, ...rest } = body;
        const sessionId = session === undefined ? undefined : hub.resolve(session).id;
        const rule = policy.add({ ...rest, ...(sessionId ? { sessionId } : {}) }, auditContext(c));
        return c.json(rule, 201);
      },
    }),
    route({
      method: 'delete',
      path: '/api/policies/:id',
      summary: 'Remove a policy rule by id or unique id prefix',
      query: EmptyQuery,
      successStatus: 204,
      handler: ({ c, params }) => {
        policy.remove(params.id!, auditContext(c));
        return c.body(null, 204);
      },
    }),
    route({
      method: 'post',
      path: '/api/policies/test',
      summary: "Dry run: which rule would decide this tool call, and why (with a session: its provider and cwd; else provider claude and the daemon user's home unless given)",
      body: PolicyTestRequestSchema,
      response: PolicyVerdictSchema,
      handler: ({ c, body }) => {
        if (body.session !== undefined && (body.provider !== undefined || body.cwd !== undefined)) {
          throw new DaemonError('bad_request', "a session brings its own provider and cwd: give either session, or provider and cwd");
        }
        const record = body.session === undefined ? undefined : hub.resolve(body.session);
        const verdict = policy.evaluate({
          tool: body.tool,
          toolInput: body.input,
          provider: record ? providerOf(record.provider) : (body.provider ?? 'claude'),
          cwd: record ? record.cwd : (body.cwd ?? homedir()),
          ...(record ? { sessionId: record.id } : {}),
        });
        return c.json(verdict);
      },
    }),
  ];
}
