import { eq } from 'drizzle-orm';
import type { CodePiperDatabase, StorageDb } from './database.js';
import { meta } from './schema.js';

/** Small daemon state as string values under fixed keys (e.g. the last pty host the daemon knew). */
export class MetaStore {
  private readonly db: StorageDb;

  constructor(database: CodePiperDatabase) {
    this.db = database.db;
  }

  get(key: string): string | undefined {
    return this.db.select().from(meta).where(eq(meta.key, key)).get()?.value;
  }

  set(key: string, value: string): void {
    this.db.insert(meta).values({ key, value }).onConflictDoUpdate({ target: meta.key, set: { value } }).run();
  }

  /** True when there was a value to delete. */
  delete(key: string): boolean {
    return this.db.delete(meta).where(eq(meta.key, key)).run().changes > 0;
  }
}
