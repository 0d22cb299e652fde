import { z } from 'zod';
import {
  NotificationSettingsSchema,
  PushDeliveryListResponseSchema,
  PushDeliveryQuerySchema,
  PushDeviceListResponseSchema,
  PushDeviceSchema,
  PushTestRequestSchema,
  PushTestResponseSchema,
  PUSH_LIMITS,
  RenameDeviceRequestSchema,
  SubscribeRequestSchema,
  SubscribeResponseSchema,
  UpdateNotificationSettingsRequestSchema,
  VapidPublicKeyResponseSchema,
  type PushDelivery,
} from '@codepiper/protocol';
import type { PushDeliveryRecord } from '@codepiper/core';
import { DaemonError } from '../errors.js';
import { route, type RouteSpec } from '../http/route-spec.js';
import type { Push } from './push.js';

const EmptyQuery = z.object({}).strict();
const EndpointField = z.string().min(1).max(PUSH_LIMITS.maxEndpointLength);
/** DELETE by endpoint takes it in the body (what the browser's unsubscribe code has at hand) or the query. */
const UnsubscribeQuerySchema = z.object({ endpoint: EndpointField.optional() }).strict();
const UnsubscribeBodySchema = z.object({ endpoint: EndpointField.optional() }).strict();

/** Devices, VAPID key, test pushes, the delivery log and the global notification settings. */
export function pushRoutes(push: Push): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/push/vapid-public-key',
      summary: "The daemon's VAPID public key, for pushManager.subscribe({ applicationServerKey })",
      query: EmptyQuery,
      response: VapidPublicKeyResponseSchema,
      handler: ({ c }) => c.json({ publicKey: push.keys.publicKey }),
    }),
    route({
      method: 'post',
      path: '/api/push/subscriptions',
      summary: 'Register this browser for push (its PushSubscription JSON and an optional device name); 201 new, 200 known endpoint refreshed',
      body: SubscribeRequestSchema,
      response: SubscribeResponseSchema,
      successStatus: 201,
      handler: ({ c, body }) => {
        const result = push.devices.subscribe(body, c.req.header('user-agent'));
        return c.json(result, result.created ? 201 : 200);
      },
    }),
    route({
      method: 'get',
      path: '/api/push/subscriptions',
      summary: 'Subscribed devices with their last delivery (never their keys)',
      query: EmptyQuery,
      response: PushDeviceListResponseSchema,
      handler: ({ c }) => c.json(push.devices.list()),
    }),
    route({
      method: 'post',
      path: '/api/push/subscriptions/:id/rename',
      summary: 'Rename a device (id or unique id prefix)',
      body: RenameDeviceRequestSchema,
      response: PushDeviceSchema,
      handler: ({ c, params, body }) => c.json(push.devices.rename(params.id!, body.name)),
    }),
    route({
      method: 'delete',
      path: '/api/push/subscriptions',
      summary: 'Forget the device subscribed with this endpoint (body {endpoint} or ?endpoint=)',
      query: UnsubscribeQuerySchema,
      body: UnsubscribeBodySchema,
      successStatus: 204,
      handler: ({ c, query, body }) => {
        if (query.endpoint !== undefined && body.endpoint !== undefined && query.endpoint !== body.endpoint) {
          throw new DaemonError('bad_request', 'send the endpoint once, in the body or the query');
        }
        const endpoint = body.endpoint ?? query.endpoint;
        if (endpoint === undefined) throw new DaemonError('bad_request', 'send the endpoint to unsubscribe, as {"endpoint": …} or ?endpoint=');
        push.devices.unsubscribe(endpoint);
        return c.body(null, 204);
      },
    }),
    route({
      method: 'delete',
      path: '/api/push/subscriptions/:id',
      summary: 'Remove a device (id or unique id prefix)',
      query: EmptyQuery,
      successStatus: 204,
      handler: ({ c, params }) => {
        push.devices.remove(params.id!);
        return c.body(null, 204);
      },
    }),
    route({
      method: 'post',
      path: '/api/push/test',
      summary: 'Send a test push to one device or all; answers with each first attempt (retries continue in the background)',
      body: PushTestRequestSchema,
      response: PushTestResponseSchema,
      handler: async ({ c, body }) => {
        const targets = push.devices.select(body.device);
        if (targets.length === 0) throw new DaemonError('not_found', 'no device is subscribed to push notifications; subscribe one in the web dashboard under Settings > Notifications');
        return c.json(await push.notifier.test(targets.map((t) => t.id)));
      },
    }),
    route({
      method: 'get',
      path: '/api/push/deliveries',
      summary: 'The delivery log, newest first: every attempt and every skipped device',
      query: PushDeliveryQuerySchema,
      response: PushDeliveryListResponseSchema,
      handler: ({ c, query }) => {
        const subscriptionId = query.device !== undefined ? push.devices.select(query.device)[0]!.id : undefined;
        const records = push.deliveries.list({ limit: query.limit ?? 50, ...(subscriptionId ? { subscriptionId } : {}) });
        return c.json(records.map(toDelivery));
      },
    }),
    route({
      method: 'get',
      path: '/api/push/settings',
      summary: 'Which events are pushed by default, and whether to push to a device that shows the session',
      query: EmptyQuery,
      response: NotificationSettingsSchema,
      handler: ({ c }) => c.json(push.settings.global()),
    }),
    route({
      method: 'put',
      path: '/api/push/settings',
      summary: 'Change the global notification settings (fields left out keep their value)',
      body: UpdateNotificationSettingsRequestSchema,
      response: NotificationSettingsSchema,
      handler: ({ c, body }) => c.json(push.settings.updateGlobal(body, new Date().toISOString())),
    }),
  ];
}

function toDelivery(record: PushDeliveryRecord): PushDelivery {
  return {
    id: record.id,
    at: record.at,
    device: record.subscriptionId,
    deviceName: record.deviceName,
    pushService: record.endpointOrigin,
    event: record.event,
    session: record.sessionId,
    notification: record.notificationId,
    attempt: record.attempt,
    outcome: record.outcome,
    status: record.status,
    error: record.error,
  };
}
