import type {
  MarkNotificationsReadRequest,
  MarkNotificationsReadResponse,
  NotificationListResponse,
  NotificationSettings,
  PushDevice,
  PushTestResponse,
  SessionNotificationSettings,
  SubscribeRequest,
  SubscribeResponse,
  UpdateNotificationSettingsRequest,
  UpdateSessionNotificationsRequest,
  VapidPublicKeyResponse,
} from '@codepiper/protocol';
import { request } from './api-client';

const device = (id: string) => `/api/push/subscriptions/${encodeURIComponent(id)}`;

/** Push notifications: this browser's subscription, the owner's devices, and what is pushed. */
export const pushApi = {
  vapidPublicKey: () => request<VapidPublicKeyResponse>('GET', '/api/push/vapid-public-key'),
  /** Registers (201) or refreshes (200, same endpoint) this browser's subscription. */
  subscribe: (body: SubscribeRequest) => request<SubscribeResponse>('POST', '/api/push/subscriptions', { body }),
  /** Forgets the device subscribed with this endpoint (what the page calls when it unsubscribes). */
  unsubscribe: (endpoint: string) => request<void>('DELETE', `/api/push/subscriptions?endpoint=${encodeURIComponent(endpoint)}`),
  devices: () => request<PushDevice[]>('GET', '/api/push/subscriptions'),
  rename: (id: string, name: string) => request<PushDevice>('POST', `${device(id)}/rename`, { body: { name } }),
  remove: (id: string) => request<void>('DELETE', device(id)),
  test: (id?: string) => request<PushTestResponse>('POST', '/api/push/test', { body: id ? { device: id } : {} }),
  settings: () => request<NotificationSettings>('GET', '/api/push/settings'),
  updateSettings: (body: UpdateNotificationSettingsRequest) => request<NotificationSettings>('PUT', '/api/push/settings', { body }),
};

const sessionNotifications = (ref: string) => `/api/sessions/${encodeURIComponent(ref)}/notifications`;

/** The in-app inbox and each session's notification overrides. */
export const notificationsApi = {
  list: (limit: number) => request<NotificationListResponse>('GET', `/api/notifications?limit=${limit}`),
  markRead: (body: MarkNotificationsReadRequest) => request<MarkNotificationsReadResponse>('POST', '/api/notifications/read', { body }),
  forSession: (ref: string) => request<SessionNotificationSettings>('GET', sessionNotifications(ref)),
  updateSession: (ref: string, body: UpdateSessionNotificationsRequest) => request<SessionNotificationSettings>('PUT', sessionNotifications(ref), { body }),
};
