import type { PushDeliveryRecord, PushDeliveryRepository, PushSubscriptionRecord, PushSubscriptionRepository } from '@codepiper/core';
import type { DeliveryOutcome, PushEvent } from '@codepiper/protocol';
import webPush from 'web-push';
import { PUSH_REQUEST_TIMEOUT_MS } from '../constants.js';
import type { DeliveryOptions } from './delivery-options.js';
import { isPlaceholderSubject } from './push-subject.js';
import { DEFAULT_RETRY_POLICY, verdictFor, type AttemptVerdict, type RetryPolicy } from './retry-schedule.js';
import type { VapidKeys } from './vapid-keys.js';

/** One push to one device. */
export interface PushJob {
  subscription: PushSubscriptionRecord;
  /** The payload JSON (see encodePushPayload). */
  payload: string;
  options: DeliveryOptions;
  event: PushEvent;
  sessionId: string | null;
  notificationId: number | null;
}

export interface PushSenderOptions {
  keys: VapidKeys;
  subject: string;
  subscriptions: PushSubscriptionRepository;
  deliveries: PushDeliveryRepository;
  log: (message: string) => void;
  retry?: RetryPolicy;
  now?: () => number;
}

/** The first attempt's log row (what `notify test` reports), and the last one once retries are over. */
export interface Delivery {
  first: Promise<PushDeliveryRecord | undefined>;
  done: Promise<PushDeliveryRecord | undefined>;
}

interface AttemptResult {
  status: number | null;
  retryAfter: string | undefined;
  error: string | null;
}

/** Longest push-service answer kept in the log: enough for a reason such as {"reason":"BadJwtToken"}. */
const ERROR_TEXT_MAX = 200;

/**
 * Sends pushes with web-push (aes128gcm, VAPID) and keeps at it: 429/5xx/no answer are retried with
 * back-off (Retry-After honoured), 404/410 remove the subscription, and every attempt is a row in the
 * delivery log. Nothing here is awaited by the event that caused the push.
 */
export class PushSender {
  private readonly timers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private readonly now: () => number;
  private closed = false;
  private warnedSubject = false;

  constructor(private readonly options: PushSenderOptions) {
    this.now = options.now ?? Date.now;
  }

  deliver(job: PushJob): Delivery {
    let reportFirst!: (record: PushDeliveryRecord | undefined) => void;
    const first = new Promise<PushDeliveryRecord | undefined>((resolve) => (reportFirst = resolve));
    const done = this.run(job, reportFirst).then(
      (record) => {
        reportFirst(record);
        return record;
      },
      (error: unknown) => {
        this.options.log(`push to device ${job.subscription.id}: ${error instanceof Error ? error.message : String(error)}`);
        reportFirst(undefined);
        return undefined;
      },
    );
    return { first, done };
  }

  /** A device left out on purpose (it shows the session): logged so "why no push?" has an answer. */
  skip(job: Omit<PushJob, 'payload' | 'options'>, reason: string): PushDeliveryRecord {
    return this.record(job, 0, 'skipped', null, reason);
  }

  /** Stops retries; attempts in flight finish without writing anything. */
  close(): void {
    this.closed = true;
    for (const entry of this.timers) {
      clearTimeout(entry.timer);
      entry.wake();
    }
    this.timers.clear();
  }

  private async run(job: PushJob, reportFirst: (record: PushDeliveryRecord) => void): Promise<PushDeliveryRecord | undefined> {
    const deadline = this.now() + job.options.ttlSeconds * 1000;
    let last: PushDeliveryRecord | undefined;
    for (let attempt = 1; !this.closed; attempt++) {
      // The owner may have removed the device while a retry was waiting.
      if (attempt > 1 && !this.options.subscriptions.get(job.subscription.id)) return last;
      const result = await this.attempt(job);
      if (this.closed) return last;
      const verdict = verdictFor({ number: attempt, status: result.status, retryAfter: result.retryAfter }, this.now(), deadline, this.options.retry ?? DEFAULT_RETRY_POLICY);
      last = this.conclude(job, attempt, result, verdict);
      if (attempt === 1) reportFirst(last);
      if (verdict.kind !== 'retry') return last;
      await this.sleep(verdict.delayMs);
    }
    return last;
  }

  private async attempt(job: PushJob): Promise<AttemptResult> {
    const { subscription, options } = job;
    try {
      const answer = await webPush.sendNotification(
        { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
        job.payload,
        {
          vapidDetails: { subject: this.options.subject, publicKey: this.options.keys.publicKey, privateKey: this.options.keys.privateKey },
          TTL: options.ttlSeconds,
          urgency: options.urgency,
          topic: options.topic,
          contentEncoding: 'aes128gcm',
          timeout: PUSH_REQUEST_TIMEOUT_MS,
        },
      );
      return { status: answer.statusCode, retryAfter: undefined, error: null };
    } catch (error) {
      if (error instanceof webPush.WebPushError) {
        const retryAfter = headerValue(error.headers, 'retry-after');
        return { status: error.statusCode, retryAfter, error: this.describeRefusal(error.statusCode, error.body) };
      }
      return { status: null, retryAfter: undefined, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private conclude(job: PushJob, attempt: number, result: AttemptResult, verdict: AttemptVerdict): PushDeliveryRecord {
    const { subscriptions } = this.options;
    const id = job.subscription.id;
    switch (verdict.kind) {
      case 'delivered':
        subscriptions.recordSuccess(id);
        return this.record(job, attempt, 'delivered', result.status, null);
      case 'gone': {
        const row = this.record(job, attempt, 'gone', result.status, 'the push service no longer knows this subscription; the device was removed');
        subscriptions.remove(id);
        this.options.log(`push: removed device ${id} (${job.subscription.name}): its push service answered ${result.status}`);
        return row;
      }
      case 'retry':
        return this.record(job, attempt, 'retrying', result.status, `${result.error ?? 'failed'}; retrying in ${Math.ceil(verdict.delayMs / 1000)} s`);
      case 'failed':
        subscriptions.recordFailure(id);
        return this.record(job, attempt, 'failed', result.status, `${result.error ?? 'failed'}; ${verdict.why}`);
    }
  }

  private record(job: Omit<PushJob, 'payload' | 'options'>, attempt: number, outcome: DeliveryOutcome, status: number | null, error: string | null): PushDeliveryRecord {
    return this.options.deliveries.add({
      at: new Date(this.now()).toISOString(),
      subscriptionId: job.subscription.id,
      deviceName: job.subscription.name,
      endpointOrigin: originOf(job.subscription.endpoint),
      notificationId: job.notificationId,
      event: job.event,
      sessionId: job.sessionId,
      attempt,
      outcome,
      status,
      error,
    });
  }

  private describeRefusal(status: number, body: unknown): string {
    const text = typeof body === 'string' ? body.replace(/\s+/g, ' ').trim().slice(0, ERROR_TEXT_MAX) : '';
    const described = `HTTP ${status}${text ? `: ${text}` : ''}`;
    if (status === 403 && /BadJwtToken/.test(text) && isPlaceholderSubject(this.options.subject)) {
      if (!this.warnedSubject) {
        this.warnedSubject = true;
        this.options.log(`push: Apple refused the VAPID subject "${this.options.subject}"; start the daemon with --push-subject mailto:<your address> (or an https: URL of yours)`);
      }
      return `${described} (Apple refuses the subject ${this.options.subject}: set --push-subject to a real mailto: address or https: URL)`;
    }
    return described;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.timers.add(entry);
    });
  }
}

function headerValue(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const value = (headers as Record<string, unknown>)[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** scheme://host[:port] of an endpoint: what the log shows instead of the device's full address. */
export function originOf(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return 'unknown';
  }
}
