import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempHome, type TempHome } from '../auth/test-support/temp-home.js';
import { PushSubscriptionRepository, type PushSubscriptionUpsert } from './push-subscription-repository.js';

let temp: TempHome;
let repo: PushSubscriptionRepository;

beforeEach(() => {
  temp = makeTempHome('codepiper-push-subs-');
  repo = new PushSubscriptionRepository(temp.database);
});

afterEach(() => temp.release());

const upsert = (overrides: Partial<PushSubscriptionUpsert> = {}): PushSubscriptionUpsert => ({
  endpoint: 'https://push.example.test/one',
  p256dh: 'key-1',
  auth: 'auth-1',
  expirationTime: null,
  name: undefined,
  defaultName: 'Chrome on Android',
  userAgent: 'ua',
  platform: 'Chrome on Android',
  at: '2026-06-01T00:00:00.000Z',
  ...overrides,
});

describe('PushSubscriptionRepository', () => {
  it('creates a device once per endpoint and refreshes it on the next subscribe, keeping its name', () => {
    const first = repo.upsert(upsert());
    expect(first.created).toBe(true);
    expect(first.record).toMatchObject({ name: 'Chrome on Android', lastSeenAt: '2026-06-01T00:00:00.000Z', failures: 0 });
    repo.rename(first.record.id, 'my phone');
    const again = repo.upsert(upsert({ p256dh: 'key-2', at: '2026-06-02T00:00:00.000Z' }));
    expect(again.created).toBe(false);
    expect(again.record).toMatchObject({ id: first.record.id, name: 'my phone', p256dh: 'key-2', lastSeenAt: '2026-06-02T00:00:00.000Z', createdAt: '2026-06-01T00:00:00.000Z' });
    expect(repo.list()).toHaveLength(1);
  });

  it('resolves a device by unique id prefix and refuses unknown or ambiguous ones', () => {
    const { record } = repo.upsert(upsert());
    expect(repo.resolve(record.id.slice(0, 3)).id).toBe(record.id);
    expect(() => repo.resolve('zz')).toThrow(/no device matches/);
    repo.upsert(upsert({ endpoint: 'https://push.example.test/two' }));
    expect(() => repo.resolve('')).toThrow();
  });

  it('counts failures until the next success, and removes by id or endpoint', () => {
    const { record } = repo.upsert(upsert());
    repo.recordFailure(record.id);
    repo.recordFailure(record.id);
    expect(repo.get(record.id)?.failures).toBe(2);
    repo.recordSuccess(record.id);
    expect(repo.get(record.id)?.failures).toBe(0);
    expect(repo.removeByEndpoint('https://push.example.test/one')?.id).toBe(record.id);
    expect(repo.remove(record.id)).toBe(false);
  });
});
