import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempHome, type TempHome } from '../auth/test-support/temp-home.js';
import { PushDeliveryRepository, type NewPushDelivery } from './push-delivery-repository.js';
import { PushSubscriptionRepository } from './push-subscription-repository.js';

let temp: TempHome;
let repo: PushDeliveryRepository;
let subscriptions: PushSubscriptionRepository;
let deviceId: string;

beforeEach(() => {
  temp = makeTempHome('codepiper-push-log-');
  subscriptions = new PushSubscriptionRepository(temp.database);
  deviceId = subscriptions.upsert({
    endpoint: 'https://push.example.test/one',
    p256dh: 'k',
    auth: 'a',
    expirationTime: null,
    name: 'phone',
    defaultName: 'phone',
    userAgent: null,
    platform: null,
    at: '2026-06-01T00:00:00.000Z',
  }).record.id;
  repo = new PushDeliveryRepository(temp.database);
});

afterEach(() => temp.release());

const attempt = (overrides: Partial<NewPushDelivery> = {}): NewPushDelivery => ({
  at: '2026-06-01T00:00:00.000Z',
  subscriptionId: deviceId,
  deviceName: 'phone',
  endpointOrigin: 'https://push.example.test',
  notificationId: null,
  event: 'test',
  sessionId: null,
  attempt: 1,
  outcome: 'delivered',
  status: 201,
  error: null,
  ...overrides,
});

describe('PushDeliveryRepository', () => {
  it('lists newest first and reports each device\'s latest real attempt', () => {
    repo.add(attempt({ outcome: 'retrying', status: 500 }));
    const delivered = repo.add(attempt({ attempt: 2 }));
    repo.add(attempt({ attempt: 0, outcome: 'skipped', status: null }));
    expect(repo.list().map((d) => d.outcome)).toEqual(['skipped', 'delivered', 'retrying']);
    expect(repo.latestBySubscription([deviceId]).get(deviceId)).toEqual(delivered);
  });

  it('keeps the log of a removed device under its name', () => {
    repo.add(attempt({ outcome: 'gone', status: 410 }));
    subscriptions.remove(deviceId);
    expect(repo.list()).toMatchObject([{ subscriptionId: null, deviceName: 'phone', outcome: 'gone' }]);
    expect(repo.add(attempt()).subscriptionId).toBeNull();
  });
});
