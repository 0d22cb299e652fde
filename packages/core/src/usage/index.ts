/** Token usage and cost from agent transcripts (Claude's project JSONL, Codex rollouts). */
export { UsageService, type IngestInput, type UsageServiceOptions } from './usage-service.js';
export type { IngestResult } from './ingest-pass.js';
export type { AnalyticsQuery, UsageReportQuery } from './usage-report.js';
export type { TranscriptProvider } from './usage-store.js';
export { BUILTIN_PRICES, PriceTable, type ModelPrice, type TokenCounts } from './prices.js';
