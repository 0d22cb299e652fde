import { isAbsolute } from 'node:path';
import { z } from 'zod';
import {
  CreateSessionRequestSchema,
  InputRequestSchema,
  LogQuerySchema,
  ListSessionsQuerySchema,
  RenameRequestSchema,
  ResizeRequestSchema,
  SessionListResponseSchema,
  SessionSchema,
  StopRequestSchema,
} from '@codepiper/protocol';
import { outputLogRange, readOutputLog } from '@codepiper/core';
import { DaemonError } from '../errors.js';
import type { SessionHub } from '../session-hub/index.js';
import { route, type RouteSpec } from './route-spec.js';

const truthy = (value: string | undefined): boolean => value === 'true' || value === '1';
const EmptyQuery = z.object({}).strict();
const RemoveQuerySchema = z.object({ force: z.enum(['true', 'false', '1', '0']).optional() }).strict();
const InputResponseSchema = z.object({ ok: z.literal(true), bytes: z.number().int() });
const EventListSchema = z.array(z.object({ at: z.string(), type: z.string(), data: z.unknown() }));

export function sessionRoutes(hub: SessionHub, sessionDir: (id: string) => string): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/sessions',
      summary: 'List sessions (running only unless all=true)',
      query: ListSessionsQuerySchema,
      response: SessionListResponseSchema,
      handler: ({ c, query }) => c.json(hub.list(truthy(query.all))),
    }),
    route({
      method: 'post',
      path: '/api/sessions',
      summary: 'Start a session',
      body: CreateSessionRequestSchema,
      response: SessionSchema,
      successStatus: 201,
      handler: async ({ c, body }) => {
        // Relative to the daemon's own working directory would be arbitrary, and the error naming the
        // resolved path would disclose that directory.
        if (body.cwd !== undefined && !isAbsolute(body.cwd)) throw new DaemonError('bad_request', 'cwd must be an absolute path');
        return c.json(await hub.create(body), 201);
      },
    }),
    route({
      method: 'get',
      path: '/api/sessions/:ref',
      summary: 'Get one session',
      query: EmptyQuery,
      response: SessionSchema,
      handler: ({ c, params }) => c.json(hub.get(params.ref!)),
    }),
    route({
      method: 'post',
      path: '/api/sessions/:ref/input',
      summary: 'Write text, Enter and named keys to the session',
      body: InputRequestSchema,
      response: InputResponseSchema,
      handler: ({ c, params, body }) => c.json({ ok: true as const, ...hub.input(params.ref!, body) }),
    }),
    route({
      method: 'post',
      path: '/api/sessions/:ref/resize',
      summary: "Resize the session's pty (its base size)",
      body: ResizeRequestSchema,
      response: SessionSchema,
      handler: async ({ c, params, body }) => c.json(await hub.resize(params.ref!, body.cols, body.rows)),
    }),
    route({
      method: 'post',
      path: '/api/sessions/:ref/rename',
      summary: 'Rename the session',
      body: RenameRequestSchema,
      response: SessionSchema,
      handler: ({ c, params, body }) => c.json(hub.rename(params.ref!, body.name)),
    }),
    route({
      method: 'post',
      path: '/api/sessions/:ref/stop',
      summary: 'Stop the session (SIGHUP and SIGTERM, then SIGKILL after the grace period); answers once it has ended',
      body: StopRequestSchema,
      response: SessionSchema,
      handler: async ({ c, params, body }) => c.json(await hub.stop(params.ref!, body.graceMs)),
    }),
    route({
      method: 'post',
      path: '/api/sessions/:ref/kill',
      summary: 'Kill the session (SIGKILL); answers once it has ended',
      body: z.object({}).strict(),
      response: SessionSchema,
      handler: async ({ c, params }) => c.json(await hub.kill(params.ref!)),
    }),
    route({
      method: 'delete',
      path: '/api/sessions/:ref',
      summary: 'Delete an ended session and its output log (force=true kills a running one first)',
      query: RemoveQuerySchema,
      successStatus: 204,
      handler: async ({ c, params, query }) => {
        await hub.remove(params.ref!, truthy(query.force));
        return c.body(null, 204);
      },
    }),
    route({
      method: 'get',
      path: '/api/sessions/:ref/log',
      summary: 'Raw output from the durable log; X-Log-Start and X-Log-End are the byte offsets the body covers',
      query: LogQuerySchema,
      responseMediaType: 'application/octet-stream',
      handler: async ({ c, params, query }) => {
        const record = hub.resolve(params.ref!);
        const dir = sessionDir(record.id);
        const range = await outputLogRange(dir).catch(() => ({ start: 0, end: 0 }));
        // The body starts at `from` clamped to what the log still holds; the headers say exactly
        // which byte offsets the body covers, so a follower can continue at X-Log-End.
        const start = Math.min(Math.max(query.from ?? range.start, range.start), range.end);
        const parts: Buffer[] = [];
        let end = start;
        for await (const chunk of readOutputLog(dir, { from: start })) {
          parts.push(chunk.data);
          end = chunk.offset + chunk.data.length;
        }
        c.header('X-Log-Start', String(start));
        c.header('X-Log-End', String(end));
        c.header('Content-Type', 'application/octet-stream');
        return c.body(Buffer.concat(parts));
      },
    }),
    route({
      method: 'get',
      path: '/api/sessions/:ref/events',
      summary: "The session's lifecycle events, oldest first",
      query: EmptyQuery,
      response: EventListSchema,
      handler: ({ c, params }) => c.json(hub.events(params.ref!)),
    }),
  ];
}
