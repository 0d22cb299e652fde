import type { PushDelivery, PushDevice, PushTestResponse } from '@codepiper/protocol';
import { REQUEST_TIMEOUT_MS } from '../constants.js';
import type { CodeHints } from '../errors.js';
import { requestJson } from './http-call.js';
import type { HttpCall, Transport } from './transport.js';

const DEVICE_HINTS: CodeHints = { not_found: 'list devices with "codepiper notify devices"', ambiguous: 'use more characters of the device id' };

/** The daemon's push routes: subscribed devices, test pushes and the delivery log. */
export class PushApi {
  constructor(private readonly transport: Transport) {}

  devices(): Promise<PushDevice[]> {
    return this.json({ method: 'GET', path: '/api/push/subscriptions' });
  }

  rename(device: string, name: string): Promise<PushDevice> {
    return this.json({ method: 'POST', path: `/api/push/subscriptions/${encodeURIComponent(device)}/rename`, body: { name }, hints: DEVICE_HINTS });
  }

  async remove(device: string): Promise<void> {
    await this.json({ method: 'DELETE', path: `/api/push/subscriptions/${encodeURIComponent(device)}`, hints: DEVICE_HINTS });
  }

  /** A test push to one device or all; the answer holds each device's first attempt. */
  test(device?: string): Promise<PushTestResponse> {
    return this.json({
      method: 'POST',
      path: '/api/push/test',
      body: device !== undefined ? { device } : {},
      hints: { ...DEVICE_HINTS, not_found: device !== undefined ? DEVICE_HINTS.not_found : 'subscribe a browser first: web dashboard, Settings > Notifications' },
    });
  }

  /** The delivery log, newest first. */
  log(options: { limit?: number; device?: string } = {}): Promise<PushDelivery[]> {
    const query = new URLSearchParams();
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.device !== undefined) query.set('device', options.device);
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    return this.json({ method: 'GET', path: `/api/push/deliveries${suffix}`, hints: DEVICE_HINTS });
  }

  private json<T>(call: Omit<HttpCall, 'timeoutMs'>): Promise<T> {
    return requestJson<T>(this.transport, { timeoutMs: REQUEST_TIMEOUT_MS, ...call });
  }
}
