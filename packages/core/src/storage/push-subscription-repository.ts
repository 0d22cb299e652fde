import { randomBytes } from 'node:crypto';
import { asc, eq, like, sql } from 'drizzle-orm';
import { CoreError } from '../errors.js';
import type { CodePiperDatabase, StorageDb } from './database.js';
import { pushSubscriptions, type PushSubscriptionRow } from './schema.js';

/** A browser subscribed to Web Push, with the keys its payloads are encrypted for. */
export interface PushSubscriptionRecord {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  name: string;
  userAgent: string | null;
  platform: string | null;
  expirationTime: number | null;
  createdAt: string;
  lastSeenAt: string;
  failures: number;
}

export interface PushSubscriptionUpsert {
  endpoint: string;
  p256dh: string;
  auth: string;
  expirationTime: number | null;
  /** Kept as it is for a known endpoint when undefined (the owner's rename survives a re-subscribe). */
  name: string | undefined;
  /** Used for a new device when no name is given. */
  defaultName: string;
  userAgent: string | null;
  platform: string | null;
  at: string;
}

const ID_PREFIX_PATTERN = /^[0-9a-f]{1,8}$/;

/** The push_subscriptions table: one row per device endpoint. */
export class PushSubscriptionRepository {
  private readonly db: StorageDb;

  constructor(private readonly database: CodePiperDatabase) {
    this.db = database.db;
  }

  /** Registers an endpoint, or refreshes a known one (keys, expiry, last seen); `created` tells which. */
  upsert(input: PushSubscriptionUpsert): { record: PushSubscriptionRecord; created: boolean } {
    return this.database.sqlite.transaction(() => {
      const existing = this.getByEndpoint(input.endpoint);
      if (existing) {
        const row = this.db
          .update(pushSubscriptions)
          .set({
            p256dh: input.p256dh,
            auth: input.auth,
            expirationTime: input.expirationTime,
            lastSeenAt: input.at,
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.userAgent !== null ? { userAgent: input.userAgent } : {}),
            ...(input.platform !== null ? { platform: input.platform } : {}),
          })
          .where(eq(pushSubscriptions.id, existing.id))
          .returning()
          .get();
        return { record: fromRow(row), created: false };
      }
      const row = this.db
        .insert(pushSubscriptions)
        .values({
          id: this.newId(),
          endpoint: input.endpoint,
          p256dh: input.p256dh,
          auth: input.auth,
          name: input.name ?? input.defaultName,
          userAgent: input.userAgent,
          platform: input.platform,
          expirationTime: input.expirationTime,
          createdAt: input.at,
          lastSeenAt: input.at,
        })
        .returning()
        .get();
      return { record: fromRow(row), created: true };
    })();
  }

  get(id: string): PushSubscriptionRecord | undefined {
    const row = this.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, id)).get();
    return row ? fromRow(row) : undefined;
  }

  getByEndpoint(endpoint: string): PushSubscriptionRecord | undefined {
    const row = this.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint)).get();
    return row ? fromRow(row) : undefined;
  }

  /** A device by id or unique id prefix; not_found / ambiguous otherwise. */
  resolve(ref: string): PushSubscriptionRecord {
    const normalized = ref.toLowerCase();
    if (!ID_PREFIX_PATTERN.test(normalized)) throw new CoreError('not_found', `no device matches "${ref}"`);
    const rows = this.db
      .select()
      .from(pushSubscriptions)
      .where(like(pushSubscriptions.id, `${normalized}%`))
      .orderBy(asc(pushSubscriptions.id))
      .limit(2)
      .all();
    if (rows.length === 0) throw new CoreError('not_found', `no device matches "${ref}"`);
    if (rows.length > 1) throw new CoreError('ambiguous', `"${ref}" matches more than one device; use more characters of the id`);
    return fromRow(rows[0]!);
  }

  /** Oldest first: the order devices were added in. */
  list(): PushSubscriptionRecord[] {
    return this.db.select().from(pushSubscriptions).orderBy(asc(pushSubscriptions.createdAt), asc(pushSubscriptions.id)).all().map(fromRow);
  }

  rename(id: string, name: string): PushSubscriptionRecord | undefined {
    const row = this.db.update(pushSubscriptions).set({ name }).where(eq(pushSubscriptions.id, id)).returning().get();
    return row ? fromRow(row) : undefined;
  }

  remove(id: string): boolean {
    return this.db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, id)).run().changes > 0;
  }

  removeByEndpoint(endpoint: string): PushSubscriptionRecord | undefined {
    const row = this.db.delete(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint)).returning().get();
    return row ? fromRow(row) : undefined;
  }

  /** A delivery succeeded: the failure streak ends. */
  recordSuccess(id: string): void {
    this.db.update(pushSubscriptions).set({ failures: 0 }).where(eq(pushSubscriptions.id, id)).run();
  }

  recordFailure(id: string): void {
    this.db
      .update(pushSubscriptions)
      .set({ failures: sql`${pushSubscriptions.failures} + 1` })
      .where(eq(pushSubscriptions.id, id))
      .run();
  }

  private newId(): string {
    for (;;) {
      const id = randomBytes(4).toString('hex');
      if (!this.get(id)) return id;
    }
  }
}

function fromRow(row: PushSubscriptionRow): PushSubscriptionRecord {
  return {
    id: row.id,
    endpoint: row.endpoint,
    p256dh: row.p256dh,
    auth: row.auth,
    name: row.name,
    userAgent: row.userAgent,
    platform: row.platform,
    expirationTime: row.expirationTime,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    failures: row.failures,
  };
}
