import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { DeliveryOutcome, PushEvent } from '@codepiper/protocol';
import { PUSH_DELIVERY_LOG_KEEP } from '../constants.js';
import type { CodePiperDatabase, StorageDb } from './database.js';
import { pushDeliveries, type PushDeliveryRow } from './schema.js';
import { sqliteErrorCode } from './sqlite-error.js';

/** One delivery attempt (or a skipped device), as the log keeps it. */
export interface PushDeliveryRecord {
  id: number;
  at: string;
  subscriptionId: string | null;
  deviceName: string;
  endpointOrigin: string;
  notificationId: number | null;
  event: PushEvent;
  sessionId: string | null;
  attempt: number;
  outcome: DeliveryOutcome;
  status: number | null;
  error: string | null;
}

export type NewPushDelivery = Omit<PushDeliveryRecord, 'id'>;

/** Most rows one list call returns. */
const LIST_LIMIT_MAX = 500;

/** The push_deliveries table: append-only, trimmed to the newest PUSH_DELIVERY_LOG_KEEP rows. */
export class PushDeliveryRepository {
  private readonly db: StorageDb;

  constructor(database: CodePiperDatabase) {
    this.db = database.db;
  }

  add(entry: NewPushDelivery): PushDeliveryRecord {
    let row: PushDeliveryRow;
    try {
      row = this.db.insert(pushDeliveries).values(entry).returning().get();
    } catch (error) {
      if (sqliteErrorCode(error) !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw error;
      // The session, device or inbox entry was removed while the push was on its way: the attempt is
      // still logged, under the names the row carries.
      row = this.db.insert(pushDeliveries).values({ ...entry, subscriptionId: null, sessionId: null, notificationId: null }).returning().get();
    }
    // The primary key grows by one per row, so "older than the newest N" is one indexed range delete.
    if (row.id > PUSH_DELIVERY_LOG_KEEP) this.db.delete(pushDeliveries).where(lte(pushDeliveries.id, row.id - PUSH_DELIVERY_LOG_KEEP)).run();
    return fromRow(row);
  }

  /** Newest first. */
  list(options: { limit?: number; subscriptionId?: string } = {}): PushDeliveryRecord[] {
    const limit = Math.min(Math.max(1, Math.floor(options.limit ?? 50)), LIST_LIMIT_MAX);
    const query = this.db.select().from(pushDeliveries);
    const filtered = options.subscriptionId !== undefined ? query.where(eq(pushDeliveries.subscriptionId, options.subscriptionId)) : query;
    return filtered.orderBy(desc(pushDeliveries.id)).limit(limit).all().map(fromRow);
  }

  /** The latest attempt (skips excluded) per device, for the device list. */
  latestBySubscription(subscriptionIds: readonly string[]): Map<string, PushDeliveryRecord> {
    const latest = new Map<string, PushDeliveryRecord>();
    if (subscriptionIds.length === 0) return latest;
    const newest = this.db
      .select({ id: sql<number>`max(${pushDeliveries.id})` })
      .from(pushDeliveries)
      .where(and(inArray(pushDeliveries.subscriptionId, [...subscriptionIds]), sql`${pushDeliveries.outcome} <> 'skipped'`))
      .groupBy(pushDeliveries.subscriptionId)
      .all()
      .map((r) => r.id);
    if (newest.length === 0) return latest;
    for (const row of this.db.select().from(pushDeliveries).where(inArray(pushDeliveries.id, newest)).all()) {
      if (row.subscriptionId) latest.set(row.subscriptionId, fromRow(row));
    }
    return latest;
  }

  /** Devices a notification reached (a 2xx from their push service). */
  deliveredTo(notificationId: number): string[] {
    return this.db
      .selectDistinct({ id: pushDeliveries.subscriptionId })
      .from(pushDeliveries)
      .where(and(eq(pushDeliveries.notificationId, notificationId), eq(pushDeliveries.outcome, 'delivered')))
      .all()
      .flatMap((r) => (r.id ? [r.id] : []));
  }
}

function fromRow(row: PushDeliveryRow): PushDeliveryRecord {
  return {
    id: row.id,
    at: row.at,
    subscriptionId: row.subscriptionId,
    deviceName: row.deviceName,
    endpointOrigin: row.endpointOrigin,
    notificationId: row.notificationId,
    event: row.event as PushEvent,
    sessionId: row.sessionId,
    attempt: row.attempt,
    outcome: row.outcome as DeliveryOutcome,
    status: row.status,
    error: row.error,
  };
}
