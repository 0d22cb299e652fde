import type { AnalyticsReport, UsageGrouping, UsageReport, UsageRow, UsageTotals } from '@codepiper/protocol';
import { ANALYTICS_TOP_COUNT } from '../constants.js';
import type { PriceTable } from './prices.js';
import type { ModelSum, SumFilter, UsageStore } from './usage-store.js';

export interface UsageReportQuery {
  sessionId?: string;
  since?: Date;
  by?: UsageGrouping;
}

export interface AnalyticsQuery {
  since?: Date;
}

/** Adds up (key, model) sums into totals, pricing each model on its own. */
class Totals {
  private readonly value: UsageTotals = {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
    costUsd: null,
    messages: 0,
    unpricedModels: [],
  };

  constructor(private readonly prices: PriceTable) {}

  add(sum: ModelSum): this {
    const total = this.value;
    total.inputTokens += sum.inputTokens;
    total.outputTokens += sum.outputTokens;
    total.cacheCreationInputTokens += sum.cacheCreationInputTokens;
    total.cacheReadInputTokens += sum.cacheReadInputTokens;
    total.messages += sum.messages;
    const cost = this.prices.costOf(sum.model, sum);
    if (cost !== null) total.costUsd = (total.costUsd ?? 0) + cost;
    else if (!total.unpricedModels.includes(sum.model)) total.unpricedModels.push(sum.model);
    return this;
  }

  result(): UsageTotals {
    // Nothing used costs nothing; null is kept for "used, but at no price we know".
    const costUsd = this.value.messages === 0 ? 0 : this.value.costUsd;
    return { ...this.value, costUsd, unpricedModels: [...this.value.unpricedModels].sort() };
  }
}

const tokensOf = (t: UsageTotals): number => t.inputTokens + t.outputTokens + t.cacheCreationInputTokens + t.cacheReadInputTokens;

/** Most expensive first; rows with no known price after every priced one, then by tokens. */
function byCost(a: UsageRow, b: UsageRow): number {
  if (a.costUsd !== b.costUsd) {
    if (a.costUsd === null) return 1;
    if (b.costUsd === null) return -1;
    return b.costUsd - a.costUsd;
  }
  return tokensOf(b) - tokensOf(a) || a.key.localeCompare(b.key);
}

function groupRows(sums: readonly ModelSum[], prices: PriceTable): UsageRow[] {
  const groups = new Map<string, { label: string | null; totals: Totals }>();
  for (const sum of sums) {
    let group = groups.get(sum.key);
    if (!group) groups.set(sum.key, (group = { label: sum.label, totals: new Totals(prices) }));
    group.totals.add(sum);
  }
  return [...groups].map(([key, group]) => ({ key, label: group.label, ...group.totals.result() }));
}

function filterOf(query: { sessionId?: string; since?: Date }): SumFilter {
  return {
    ...(query.sessionId !== undefined ? { sessionId: query.sessionId } : {}),
    ...(query.since !== undefined ? { since: query.since.toISOString() } : {}),
  };
}

export function buildUsageReport(store: UsageStore, prices: PriceTable, query: UsageReportQuery): UsageReport {
  const by = query.by ?? null;
  const sums = store.sums(by ?? 'none', filterOf(query));
  const totals = new Totals(prices);
  for (const sum of sums) totals.add(sum);
  let rows = by === null ? [] : groupRows(sums, prices);
  if (by === 'day') rows.sort((a, b) => a.key.localeCompare(b.key));
  else rows.sort(byCost);
  // Usage of sessions removed since: kept in the totals, listed as one row without a name.
  if (by === 'session') rows = rows.map((row) => (row.key === '' ? { ...row, key: '-', label: null } : row));
  return { since: query.since?.toISOString() ?? null, by, totals: totals.result(), rows };
}

export function buildAnalytics(store: UsageStore, prices: PriceTable, query: AnalyticsQuery): AnalyticsReport {
  const filter = filterOf(query);
  const daySums = store.sums('day', filter);
  const totals = new Totals(prices);
  for (const sum of daySums) totals.add(sum);
  const daily = daySums
    .map((sum) => ({ ...new Totals(prices).add(sum).result(), key: `${sum.key} ${sum.model}`, label: null, day: sum.key, model: sum.model }))
    .sort((a, b) => a.day.localeCompare(b.day) || a.model.localeCompare(b.model));
  const result = totals.result();
  const input = result.inputTokens + result.cacheCreationInputTokens + result.cacheReadInputTokens;
  const topSessions = groupRows(store.sums('session', filter), prices)
    .filter((row) => row.key !== '')
    .sort(byCost)
    .slice(0, ANALYTICS_TOP_COUNT);
  return {
    since: query.since?.toISOString() ?? null,
    daily,
    totals: result,
    cacheHitRate: input === 0 ? null : result.cacheReadInputTokens / input,
    topTools: store.toolCounts(filter, ANALYTICS_TOP_COUNT),
    topSessions,
  };
}
