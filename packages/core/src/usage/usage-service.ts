import { resolve } from 'node:path';
import type { AnalyticsReport, UsageReport } from '@codepiper/protocol';
import { loadConfigFile } from '../config/index.js';
import type { CodePiperDatabase } from '../storage/index.js';
import { EMPTY_RESULT, ingestPass, type IngestResult } from './ingest-pass.js';
import { PriceTable } from './prices.js';
import { buildAnalytics, buildUsageReport, type AnalyticsQuery, type UsageReportQuery } from './usage-report.js';
import { UsageStore, type TranscriptProvider } from './usage-store.js';

export interface UsageServiceOptions {
  database: CodePiperDatabase;
  /** `$CODEPIPER_HOME`: its config.json may override prices. */
  home: string;
}

export interface IngestInput {
  sessionId: string | null;
  provider: TranscriptProvider;
  path: string;
}

/** One transcript's passes: the one running, and at most one queued behind it. */
interface Lane {
  running: Promise<IngestResult>;
  queued: Promise<IngestResult> | undefined;
}

const ignore = (): void => undefined;

/**
 * Token usage and cost: transcripts are read incrementally into the database (see ingestPass) and
 * reported per day, model or session with prices from the built-in table and the owner's config.json.
 * Throws a CoreError at construction when config.json is invalid.
 */
export class UsageService {
  readonly prices: PriceTable;
  private readonly store: UsageStore;
  private readonly lanes = new Map<string, Lane>();
  private closed = false;

  constructor(options: UsageServiceOptions) {
    this.prices = new PriceTable(loadConfigFile(options.home).prices ?? {});
    this.store = new UsageStore(options.database);
  }

  /**
   * Reads what was appended to a transcript since the last call. Passes over one file never overlap:
   * a call while a pass runs gets the one pass queued after it (shared by every such caller), so a burst
   * of hook events costs at most two passes and the last caller still sees everything written before
   * its call. A missing file reads as empty; bad lines are skipped and counted, never thrown.
   */
  ingest(input: IngestInput): Promise<IngestResult> {
    const path = resolve(input.path);
    const lane = this.lanes.get(path);
    if (!lane) return this.start(path, input);
    lane.queued ??= lane.running.then(ignore, ignore).then(() => this.start(path, input));
    return lane.queued;
  }

  /**
   * Stops reading (running passes end at their next chunk, committing what they consumed) and resolves
   * once no pass is left, so the database can be closed under none. Later ingest calls read nothing.
   */
  async close(): Promise<void> {
    this.closed = true;
    while (this.lanes.size > 0) {
      await Promise.allSettled([...this.lanes.values()].flatMap((lane) => [lane.running, lane.queued]));
    }
  }

  report(query: UsageReportQuery = {}): UsageReport {
    return buildUsageReport(this.store, this.prices, query);
  }

  analytics(query: AnalyticsQuery = {}): AnalyticsReport {
    return buildAnalytics(this.store, this.prices, query);
  }

  private start(path: string, input: IngestInput): Promise<IngestResult> {
    const running = this.closed
      ? Promise.resolve({ ...EMPTY_RESULT })
      : ingestPass(this.store, { sessionId: input.sessionId, provider: input.provider, path }, () => this.closed);
    this.lanes.set(path, { running, queued: undefined });
    void running.then(ignore, ignore).then(() => {
      const lane = this.lanes.get(path);
      if (lane?.running === running && lane.queued === undefined) this.lanes.delete(path);
    });
    return running;
  }
}
