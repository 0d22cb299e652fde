import {
  NotificationRepository,
  NotificationSettingsRepository,
  PushDeliveryRepository,
  PushSubscriptionRepository,
  type CodePiperDatabase,
} from '@codepiper/core';
import type { ServerMessage } from '@codepiper/protocol';
import { DaemonError } from '../errors.js';
import { Notifier } from './notifier.js';
import { PresenceTracker } from './presence-tracker.js';
import { PushDevices } from './push-devices.js';
import { PushSender } from './push-sender.js';
import { isPlaceholderSubject, pushSubjectProblem } from './push-subject.js';
import type { RetryPolicy } from './retry-schedule.js';
import { loadOrCreateVapidKeys, type VapidKeys } from './vapid-keys.js';

export interface PushOptions {
  database: CodePiperDatabase;
  home: string;
  /** The VAPID subject (`mailto:` or `https:`). */
  subject: string;
  broadcast: (message: ServerMessage) => void;
  log: (message: string) => void;
  retry?: RetryPolicy;
}

/**
 * Push notifications, assembled: the VAPID keys, devices, the sender, the notifier that the session
 * hub and the agents call, presence from the WebSocket gateway, settings, the inbox and the delivery log.
 */
export class Push {
  readonly devices: PushDevices;
  readonly notifier: Notifier;
  readonly presence = new PresenceTracker();
  readonly inbox: NotificationRepository;
  readonly settings: NotificationSettingsRepository;
  readonly deliveries: PushDeliveryRepository;

  private constructor(
    readonly keys: VapidKeys,
    readonly subject: string,
    options: PushOptions,
  ) {
    const subscriptions = new PushSubscriptionRepository(options.database);
    this.deliveries = new PushDeliveryRepository(options.database);
    this.inbox = new NotificationRepository(options.database);
    this.settings = new NotificationSettingsRepository(options.database);
    this.devices = new PushDevices({ subscriptions, deliveries: this.deliveries });
    const sender = new PushSender({ keys, subject, subscriptions, deliveries: this.deliveries, log: options.log, ...(options.retry ? { retry: options.retry } : {}) });
    this.notifier = new Notifier({
      sender,
      subscriptions,
      inbox: this.inbox,
      settings: this.settings,
      deliveries: this.deliveries,
      presence: this.presence,
      broadcast: options.broadcast,
      log: options.log,
    });
  }

  /** Validates the subject and loads (or, on first start, generates) `$home/keys/vapid.json`. */
  static async open(options: PushOptions): Promise<Push> {
    const problem = pushSubjectProblem(options.subject);
    if (problem) throw new DaemonError('bad_request', `--push-subject ${options.subject}: ${problem}`);
    const keys = await loadOrCreateVapidKeys(options.home);
    return new Push(keys, options.subject, options);
  }

  /** True when Apple's push service is known to refuse the subject (see DEFAULT_PUSH_SUBJECT). */
  get placeholderSubject(): boolean {
    return isPlaceholderSubject(this.subject);
  }

  close(): void {
    this.notifier.close();
  }
}
