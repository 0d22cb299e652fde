import { z } from 'zod';
import {
  ListNotificationsQuerySchema,
  MarkNotificationsReadRequestSchema,
  MarkNotificationsReadResponseSchema,
  NotificationListResponseSchema,
  SessionNotificationSettingsSchema,
  UpdateSessionNotificationsRequestSchema,
  type SessionNotificationSettings,
} from '@codepiper/protocol';
import type { ReadSelection } from '@codepiper/core';
import { route, type RouteSpec } from '../http/route-spec.js';
import type { Push } from './push.js';

const EmptyQuery = z.object({}).strict();

/** Resolves a session reference (id, unique prefix, name) to its id; the hub's errors for unknown ones. */
export interface SessionResolver {
  resolve(ref: string): { id: string };
}

/** The in-app inbox and the per-session notification overrides. */
export function notificationRoutes(push: Push, sessions: SessionResolver): RouteSpec[] {
  const sessionSettings = (sessionId: string): SessionNotificationSettings => {
    const overrides = push.settings.overrides(sessionId);
    const global = push.settings.global();
    return {
      session: sessionId,
      overrides,
      effective: {
        complete: overrides.complete ?? global.complete,
        crashed: overrides.crashed ?? global.crashed,
        approval: overrides.approval ?? global.approval,
      },
    };
  };
  return [
    route({
      method: 'get',
      path: '/api/notifications',
      summary: 'The inbox, newest first, with unread counts (in total and per session)',
      query: ListNotificationsQuerySchema,
      response: NotificationListResponseSchema,
      handler: ({ c, query }) => {
        const sessionId = query.session !== undefined ? sessions.resolve(query.session).id : undefined;
        const unreadOnly = query.unread === 'true' || query.unread === '1';
        return c.json({
          notifications: push.inbox.list({ limit: query.limit ?? 50, unreadOnly, ...(sessionId ? { sessionId } : {}) }),
          unread: push.inbox.unreadCount(),
          unreadBySession: push.inbox.unreadBySession(),
        });
      },
    }),
    route({
      method: 'post',
      path: '/api/notifications/read',
      summary: 'Mark notifications read: by ids, every one of a session (opening it), or all',
      body: MarkNotificationsReadRequestSchema,
      response: MarkNotificationsReadResponseSchema,
      handler: ({ c, body }) => {
        const selection: ReadSelection = body.ids ? { ids: body.ids } : body.session !== undefined ? { sessionId: sessions.resolve(body.session).id } : { all: true };
        const marked = push.inbox.markRead(selection, new Date().toISOString());
        return c.json({ marked, unread: push.inbox.unreadCount() });
      },
    }),
    route({
      method: 'get',
      path: '/api/sessions/:ref/notifications',
      summary: "A session's notification overrides (null inherits the global default) and what applies",
      query: EmptyQuery,
      response: SessionNotificationSettingsSchema,
      handler: ({ c, params }) => c.json(sessionSettings(sessions.resolve(params.ref!).id)),
    }),
    route({
      method: 'put',
      path: '/api/sessions/:ref/notifications',
      summary: "Change a session's overrides (true/false; null inherits; fields left out keep their value)",
      body: UpdateSessionNotificationsRequestSchema,
      response: SessionNotificationSettingsSchema,
      handler: ({ c, params, body }) => {
        const id = sessions.resolve(params.ref!).id;
        push.settings.updateOverrides(id, body, new Date().toISOString());
        return c.json(sessionSettings(id));
      },
    }),
  ];
}
