import { z } from 'zod';
import { ApprovalIdSchema } from './approval.js';
import { SessionIdSchema } from './session.js';

/**
 * Web Push and the in-app inbox: devices (browser push subscriptions), what is pushed (settings), the
 * delivery log, the inbox, and the payload a service worker receives.
 */

/** Events that notify the owner: a session finished its work, crashed, or an agent asks permission. */
export const NOTIFICATION_KINDS = ['complete', 'crashed', 'approval'] as const;
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

/**
 * What a push carries: a notification kind, `approval-resolved` (replaces an approval's notification
 * once it is decided elsewhere: same topic and tag), or `test`.
 */
export const PUSH_EVENTS = [...NOTIFICATION_KINDS, 'approval-resolved', 'test'] as const;
export const PushEventSchema = z.enum(PUSH_EVENTS);
export type PushEvent = z.infer<typeof PushEventSchema>;

export const PushDeviceIdSchema = z.string().regex(/^[0-9a-f]{8}$/, 'a device id is 8 lowercase hex digits');

export const PUSH_LIMITS = {
  /** Push service URLs are a few hundred characters (FCM ~ 200, Apple ~ 170, Mozilla ~ 300). */
  maxEndpointLength: 2048,
  maxDeviceNameLength: 64,
  maxDeliveryLogLimit: 500,
  maxInboxLimit: 500,
  /** Ids per "mark read" request: a page of the inbox. */
  maxReadIds: 500,
} as const;

/** Decoded byte length of unpadded base64url text, or -1 when it cannot be base64url. */
function base64UrlBytes(text: string): number {
  const bare = text.replace(/=+$/, '');
  if (!/^[A-Za-z0-9_-]*$/.test(bare) || bare.length % 4 === 1) return -1;
  return Math.floor((bare.length * 3) / 4);
}

const base64UrlOfLength = (what: string, bytes: number) =>
  z
    .string()
    .max(200)
    .refine((value) => base64UrlBytes(value) === bytes, `${what} must be base64url of ${bytes} bytes`);

/** The browser's PushSubscription.toJSON(). */
export const PushSubscriptionJsonSchema = z.object({
  endpoint: z
    .string()
    .max(PUSH_LIMITS.maxEndpointLength, `endpoint is at most ${PUSH_LIMITS.maxEndpointLength} characters`)
    // Isomorphic code has no URL class here; the daemon parses the endpoint again before using it.
    .regex(/^https:\/\/[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?][\x21-\x7e]*)?$/, 'endpoint must be an https URL'),
  /** Milliseconds since the epoch; browsers send null (no expiry) nearly always. */
  expirationTime: z.number().int().nonnegative().nullable().optional(),
  keys: z.object({
    /** The browser's P-256 public key, uncompressed (65 bytes). */
    p256dh: base64UrlOfLength('keys.p256dh', 65).refine((value) => value.startsWith('B'), 'keys.p256dh must be an uncompressed P-256 point'),
    /** The 16-byte authentication secret. */
    auth: base64UrlOfLength('keys.auth', 16),
  }),
});
export type PushSubscriptionJson = z.infer<typeof PushSubscriptionJsonSchema>;

export const DeviceNameSchema = z
  .string()
  .trim()
  .min(1, 'a device name cannot be empty')
  .max(PUSH_LIMITS.maxDeviceNameLength, `a device name is at most ${PUSH_LIMITS.maxDeviceNameLength} characters`)
  .refine((name) => !/\p{Cc}/u.test(name), 'a device name cannot contain control characters');

export const SubscribeRequestSchema = PushSubscriptionJsonSchema.extend({
  /** What the owner calls this device; defaults to "<browser> on <platform>" from the User-Agent. */
  name: DeviceNameSchema.optional(),
  /** The page's own idea of its platform (navigator.userAgentData.platform), when the User-Agent is vague. */
  platform: z.string().trim().min(1).max(64).optional(),
});
export type SubscribeRequest = z.infer<typeof SubscribeRequestSchema>;

export const UnsubscribeRequestSchema = z.object({ endpoint: z.string().min(1).max(PUSH_LIMITS.maxEndpointLength) }).strict();
export type UnsubscribeRequest = z.infer<typeof UnsubscribeRequestSchema>;

export const RenameDeviceRequestSchema = z.object({ name: DeviceNameSchema }).strict();
export type RenameDeviceRequest = z.infer<typeof RenameDeviceRequestSchema>;

/** `delivered`, `retrying` (a retry follows), `failed`, `gone` (404/410: the device was removed), `skipped`. */
export const DELIVERY_OUTCOMES = ['delivered', 'retrying', 'failed', 'gone', 'skipped'] as const;
export const DeliveryOutcomeSchema = z.enum(DELIVERY_OUTCOMES);
export type DeliveryOutcome = z.infer<typeof DeliveryOutcomeSchema>;

/** A subscribed browser. The keys never leave the daemon. */
export const PushDeviceSchema = z.object({
  id: PushDeviceIdSchema,
  name: z.string(),
  /** "Chrome on Android", from the User-Agent (or the page's platform); null when unknown. */
  platform: z.string().nullable(),
  /** The push service's origin (https://fcm.googleapis.com, https://web.push.apple.com, …). */
  pushService: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  /** Failed deliveries since the last successful one. */
  failures: z.number().int(),
  lastDelivery: z
    .object({ at: z.string(), event: PushEventSchema, outcome: DeliveryOutcomeSchema, status: z.number().int().nullable(), error: z.string().nullable() })
    .nullable(),
});
export type PushDevice = z.infer<typeof PushDeviceSchema>;
export const PushDeviceListResponseSchema = z.array(PushDeviceSchema);

/** `created` is false when the endpoint was already known (its keys and last-seen time were refreshed). */
export const SubscribeResponseSchema = z.object({ device: PushDeviceSchema, created: z.boolean() });
export type SubscribeResponse = z.infer<typeof SubscribeResponseSchema>;

export const VapidPublicKeyResponseSchema = z.object({
  /** The applicationServerKey for pushManager.subscribe(): base64url of the 65-byte P-256 point. */
  publicKey: z.string(),
});
export type VapidPublicKeyResponse = z.infer<typeof VapidPublicKeyResponseSchema>;

export const PushTestRequestSchema = z.object({ device: z.string().min(1).max(64).optional() }).strict();
export type PushTestRequest = z.infer<typeof PushTestRequestSchema>;

/** The first attempt per device; a `retrying` one continues in the background (see the delivery log). */
export const PushTestResponseSchema = z.object({
  results: z.array(
    z.object({
      device: PushDeviceIdSchema,
      name: z.string(),
      outcome: DeliveryOutcomeSchema,
      status: z.number().int().nullable(),
      error: z.string().nullable(),
    }),
  ),
});
export type PushTestResponse = z.infer<typeof PushTestResponseSchema>;

/** One attempt to deliver a push to one device (or a device skipped), as the delivery log keeps it. */
export const PushDeliverySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  /** Null once the device was removed. */
  device: PushDeviceIdSchema.nullable(),
  deviceName: z.string(),
  pushService: z.string(),
  event: PushEventSchema,
  session: SessionIdSchema.nullable(),
  notification: z.number().int().nullable(),
  /** 1 for the first try; 0 for a skipped device. */
  attempt: z.number().int(),
  outcome: DeliveryOutcomeSchema,
  /** The push service's HTTP status; null when it never answered or the device was skipped. */
  status: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type PushDelivery = z.infer<typeof PushDeliverySchema>;
export const PushDeliveryListResponseSchema = z.array(PushDeliverySchema);

const LimitParam = (max: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, 'limit is a whole number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `limit is between 1 and ${max}`);

export const PushDeliveryQuerySchema = z
  .object({
    limit: LimitParam(PUSH_LIMITS.maxDeliveryLogLimit).optional(),
    device: z.string().min(1).max(64).optional(),
  })
  .strict();

/** What is pushed by default, and whether a device that shows the session in a visible tab gets it too. */
export const NotificationSettingsSchema = z.object({
  complete: z.boolean(),
  crashed: z.boolean(),
  approval: z.boolean(),
  /** Push to a device even while it shows that session in a visible tab (off: such a device is skipped). */
  pushWhileViewing: z.boolean(),
});
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;

/** Fields left out keep their value. */
export const UpdateNotificationSettingsRequestSchema = NotificationSettingsSchema.partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'send at least one of complete, crashed, approval, pushWhileViewing');
export type UpdateNotificationSettingsRequest = z.infer<typeof UpdateNotificationSettingsRequestSchema>;

/** Per-session overrides: null inherits the global default. */
export const SessionNotificationOverridesSchema = z.object({
  complete: z.boolean().nullable(),
  crashed: z.boolean().nullable(),
  approval: z.boolean().nullable(),
});
export type SessionNotificationOverrides = z.infer<typeof SessionNotificationOverridesSchema>;

export const SessionNotificationSettingsSchema = z.object({
  session: SessionIdSchema,
  overrides: SessionNotificationOverridesSchema,
  /** What applies to this session: its overrides over the global defaults. */
  effective: z.object({ complete: z.boolean(), crashed: z.boolean(), approval: z.boolean() }),
});
export type SessionNotificationSettings = z.infer<typeof SessionNotificationSettingsSchema>;

/** Fields left out keep their value; null returns a field to the global default. */
export const UpdateSessionNotificationsRequestSchema = SessionNotificationOverridesSchema.partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'send at least one of complete, crashed, approval (true, false, or null to inherit)');
export type UpdateSessionNotificationsRequest = z.infer<typeof UpdateSessionNotificationsRequestSchema>;

/** An inbox entry: written for every event, whether or not it was pushed. */
export const NotificationSchema = z.object({
  id: z.number().int(),
  kind: NotificationKindSchema,
  session: SessionIdSchema,
  sessionName: z.string(),
  title: z.string(),
  body: z.string(),
  approvalId: ApprovalIdSchema.nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof NotificationSchema>;

export const NotificationListResponseSchema = z.object({
  notifications: z.array(NotificationSchema),
  /** Unread notifications in all sessions (not only those listed). */
  unread: z.number().int(),
  /** Unread notifications per session id, for badges. */
  unreadBySession: z.record(z.string(), z.number().int()),
});
export type NotificationListResponse = z.infer<typeof NotificationListResponseSchema>;

export const ListNotificationsQuerySchema = z
  .object({
    limit: LimitParam(PUSH_LIMITS.maxInboxLimit).optional(),
    session: z.string().min(1).max(64).optional(),
    unread: z.enum(['true', 'false', '1', '0']).optional(),
  })
  .strict();

/** Mark read by ids, every notification of a session (opening it), or all. Exactly one of the three. */
export const MarkNotificationsReadRequestSchema = z
  .object({
    ids: z.array(z.number().int().positive()).min(1).max(PUSH_LIMITS.maxReadIds).optional(),
    session: z.string().min(1).max(64).optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((body) => [body.ids, body.session, body.all].filter((v) => v !== undefined).length === 1, 'send exactly one of ids, session or all: true');
export type MarkNotificationsReadRequest = z.infer<typeof MarkNotificationsReadRequestSchema>;

export const MarkNotificationsReadResponseSchema = z.object({ marked: z.number().int(), unread: z.number().int() });
export type MarkNotificationsReadResponse = z.infer<typeof MarkNotificationsReadResponseSchema>;

/**
 * What the service worker's `push` event carries (JSON, decrypted by the browser). `tag` is the
 * Notification tag: a newer notification with the same tag replaces the older one on the device.
 */
export const PushPayloadSchema = z.object({
  kind: PushEventSchema,
  /** Null for a test push. */
  sessionId: SessionIdSchema.nullable(),
  sessionName: z.string(),
  title: z.string(),
  body: z.string(),
  approvalId: ApprovalIdSchema.optional(),
  tool: z.string().optional(),
  /** The tool call in one line (the command, the path). */
  summary: z.string().optional(),
  /** For approval-resolved: approved, denied, timeout or cancelled. */
  decision: z.string().optional(),
  /** Path to open on click, relative to the dashboard's origin. */
  url: z.string(),
  tag: z.string(),
  /** The inbox entry, to mark read when the notification is clicked. */
  notificationId: z.number().int().optional(),
  at: z.string(),
});
export type PushPayload = z.infer<typeof PushPayloadSchema>;
