import type { PushDeliveryRecord, PushDeliveryRepository, PushSubscriptionRecord, PushSubscriptionRepository } from '@codepiper/core';
import type { PushDevice, SubscribeRequest, SubscribeResponse } from '@codepiper/protocol';
import { DaemonError } from '../errors.js';
import { defaultDeviceName, platformLabel } from './device-name.js';
import { originOf } from './push-sender.js';

export interface PushDevicesOptions {
  subscriptions: PushSubscriptionRepository;
  deliveries: PushDeliveryRepository;
  now?: () => number;
}

/** The owner's subscribed browsers: register, list (with the last delivery), rename, remove. */
export class PushDevices {
  constructor(private readonly options: PushDevicesOptions) {}

  /** Upsert by endpoint: a browser re-subscribing (every page load may) refreshes its keys and last-seen time. */
  subscribe(request: SubscribeRequest, userAgent: string | undefined): SubscribeResponse {
    assertParsableEndpoint(request.endpoint);
    const at = new Date((this.options.now ?? Date.now)()).toISOString();
    const { record, created } = this.options.subscriptions.upsert({
      endpoint: request.endpoint,
      p256dh: request.keys.p256dh,
      auth: request.keys.auth,
      expirationTime: request.expirationTime ?? null,
      name: request.name,
      defaultName: defaultDeviceName(userAgent, request.platform),
      userAgent: userAgent ? userAgent.slice(0, 512) : null,
      platform: platformLabel(userAgent, request.platform),
      at,
    });
    return { device: this.describe(record), created };
  }

  list(): PushDevice[] {
    const records = this.options.subscriptions.list();
    const latest = this.options.deliveries.latestBySubscription(records.map((r) => r.id));
    return records.map((r) => toDevice(r, latest.get(r.id)));
  }

  /** Every device, or the one `ref` (id or unique id prefix) names. */
  select(ref: string | undefined): PushSubscriptionRecord[] {
    if (ref === undefined) return this.options.subscriptions.list();
    return [this.options.subscriptions.resolve(ref)];
  }

  rename(ref: string, name: string): PushDevice {
    const record = this.options.subscriptions.resolve(ref);
    const renamed = this.options.subscriptions.rename(record.id, name);
    if (!renamed) throw new DaemonError('not_found', `no device matches "${ref}"`);
    return this.describe(renamed);
  }

  remove(ref: string): PushDevice {
    const record = this.options.subscriptions.resolve(ref);
    const device = this.describe(record);
    this.options.subscriptions.remove(record.id);
    return device;
  }

  /** The browser unsubscribed: forget its endpoint. not_found when it was not known. */
  unsubscribe(endpoint: string): PushDevice {
    const removed = this.options.subscriptions.removeByEndpoint(endpoint);
    if (!removed) throw new DaemonError('not_found', 'no device is subscribed with that endpoint');
    return toDevice(removed, undefined);
  }

  private describe(record: PushSubscriptionRecord): PushDevice {
    return toDevice(record, this.options.deliveries.latestBySubscription([record.id]).get(record.id));
  }
}

function toDevice(record: PushSubscriptionRecord, last: PushDeliveryRecord | undefined): PushDevice {
  return {
    id: record.id,
    name: record.name,
    platform: record.platform,
    pushService: originOf(record.endpoint),
    createdAt: record.createdAt,
    lastSeenAt: record.lastSeenAt,
    failures: record.failures,
    lastDelivery: last ? { at: last.at, event: last.event, outcome: last.outcome, status: last.status, error: last.error } : null,
  };
}

function assertParsableEndpoint(endpoint: string): void {
  try {
    const url = new URL(endpoint);
    if (url.protocol !== 'https:') throw new Error('not https');
  } catch {
    throw new DaemonError('bad_request', 'invalid body: endpoint must be an https URL');
  }
}
