import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { DaemonStatusSchema, HealthResponseSchema, LIMITS, type DaemonStatus } from '@codepiper/protocol';
import { DaemonError, describeZodIssues, toErrorResponse } from '../errors.js';
import type { PolicyEngine, UsageService } from '@codepiper/core';
import type { SessionHub } from '../session-hub/index.js';
import { agentRoutes, hookRoutes, type Agents } from '../agents/index.js';
import { authRoutes, type AuthRouteDeps, type GuardEnv } from '../auth/index.js';
import { notificationRoutes, pushRoutes, type Push } from '../push/index.js';
import { limitBody } from './body-limit.js';
import { buildOpenApiDocument } from './openapi.js';
import { route, type RouteSpec } from './route-spec.js';
import { policyRoutes } from './policy-routes.js';
import { sessionRoutes } from './session-routes.js';
import { usageRoutes } from './usage-routes.js';
import { serveWeb } from './serve-web.js';
import { metricsRoutes } from '../metrics/index.js';

export interface AppOptions {
  hub: SessionHub;
  version: string;
  status: () => DaemonStatus;
  shutdown: (killSessions: boolean) => void;
  sessionDir: (id: string) => string;
  /** Folder of the built web dashboard; undefined → the dashboard is not served on this listener. */
  webRoot?: string;
  /** Authenticates each request: the unix socket's local guard or a TCP listener's network guard. */
  guard: MiddlewareHandler<GuardEnv>;
  /** Headers every response carries (CSP, nosniff, …). */
  headers: Record<string, string>;
  auth: AuthRouteDeps;
  /** The tool-call policy: rules and dry runs (approvals decide with it too). */
  policy: PolicyEngine;
  /** Providers, approvals and (with `hooks`) the agents' hook door. */
  agents: Agents;
  /** Serve POST /api/hooks/:provider: the unix socket only, where the forwarder connects. */
  hooks?: boolean;
  /** Token usage and cost from the agents' transcripts. */
  usage: UsageService;
  /** Push notifications, devices and the inbox; without it those routes do not exist. */
  push?: Push;
  /** The Prometheus text for GET /api/metrics; without it the route does not exist. */
  metrics?: () => string;
  log: (message: string) => void;
}

const ShutdownRequestSchema = z.object({ killSessions: z.boolean().optional() }).strict();
const EmptyQuery = z.object({}).strict();

/** The Hono app: every route under /api, validated by the protocol's schemas, errors mapped in one place. */
export function createApp(options: AppOptions): Hono<GuardEnv> {
  const app = new Hono<GuardEnv>();
  const routes: RouteSpec[] = [
    route({
      method: 'get',
      path: '/api/health',
      summary: 'Liveness; never needs authentication',
      query: EmptyQuery,
      response: HealthResponseSchema,
      handler: ({ c }) => c.json({ ok: true as const, version: options.version }),
    }),
    route({
      method: 'get',
      path: '/api/status',
      summary: 'Daemon status: listeners, pty host, session counts',
      query: EmptyQuery,
      response: DaemonStatusSchema,
      handler: ({ c }) => c.json(options.status()),
    }),
    route({
      method: 'post',
      path: '/api/shutdown',
      summary: 'Stop the daemon (sessions keep running unless killSessions)',
      body: ShutdownRequestSchema,
      successStatus: 202,
      handler: ({ c, body }) => {
        setImmediate(() => options.shutdown(body.killSessions ?? false));
        return c.json({ ok: true }, 202);
      },
    }),
    ...sessionRoutes(options.hub, options.sessionDir),
    ...authRoutes(options.auth),
    ...policyRoutes(options.policy, options.hub),
    ...agentRoutes(options.agents),
    ...(options.hooks ? hookRoutes(options.agents) : []),
    ...usageRoutes(options.hub, options.usage, options.log),
    ...(options.push ? [...pushRoutes(options.push), ...notificationRoutes(options.push, options.hub)] : []),
    ...(options.metrics ? metricsRoutes(options.metrics) : []),
  ];
  const openApi = buildOpenApiDocument(routes, options.version);

  app.onError((error, c) => {
    const { status, body } = toErrorResponse(error, options.log);
    return c.json(body, status as 400);
  });
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(options.headers)) c.res.headers.set(name, value);
    if (c.req.path.startsWith('/api/')) c.res.headers.set('Cache-Control', 'no-store');
  });
  // Hooks come only through the unix socket: elsewhere the path does not exist, whoever asks.
  if (!options.hooks) app.all('/api/hooks/*', (c) => c.json({ error: { code: 'not_found', message: `no API route ${c.req.method} ${c.req.path}` } }, 404));
  app.use('*', options.guard);
  app.use('/api/*', limitBody(LIMITS.maxBodyBytes));
  app.get('/api/openapi.json', (c) => c.json(openApi));
  for (const spec of routes) {
    app.on(spec.method.toUpperCase(), spec.path, async (c) => {
      const query = spec.query ? parseOrThrow(spec.query, c.req.query(), 'query') : {};
      const body = spec.body ? parseOrThrow(spec.body, await readJson(c), 'body') : undefined;
      return spec.handler({ c, query, body, params: c.req.param() as Record<string, string> });
    });
  }
  app.all('/api/*', (c) => c.json({ error: { code: 'not_found', message: `no API route ${c.req.method} ${c.req.path}` } }, 404));
  if (options.webRoot) app.route('/', serveWeb(options.webRoot));
  else app.all('*', (c) => c.json({ error: { code: 'not_found', message: 'the web dashboard is not enabled on this listener; start the daemon with --web' } }, 404));
  return app;
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new DaemonError('bad_request', `invalid ${what}: ${describeZodIssues(parsed.error.issues)}`);
  return parsed.data;
}

/** An empty body counts as `{}` (e.g. `POST …/kill`); anything else must be JSON. */
async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new DaemonError('bad_request', 'send the body as JSON with Content-Type: application/json');
  try {
    return JSON.parse(text);
  } catch {
    throw new DaemonError('bad_request', 'request body is not valid JSON');
  }
}
