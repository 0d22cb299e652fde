import type { AnalyticsReport } from '@codepiper/protocol';

type Daily = AnalyticsReport['daily'][number];

/** One bar: a day (or a run of days when there are too many to draw), its tokens per model and its cost. */
export interface DayBar {
  /** First day covered, YYYY-MM-DD (UTC). */
  day: string;
  /** Last day covered; equal to `day` unless days were merged. */
  until: string;
  /** Tokens per model, in the order of `ChartData.models`. */
  tokens: number[];
  total: number;
  /** USD of the priced models. */
  cost: number;
}

export interface ChartData {
  /** Models, most tokens first; index = colour. */
  models: string[];
  bars: DayBar[];
  maxTokens: number;
  maxCost: number;
  /** Some usage had no known price: the cost bars leave it out. */
  costIncomplete: boolean;
}

/**
 * Colours for models, by rank. Mid-tone hues (Tableau 10) that read on the light and the dark theme
 * alike, so the chart needs no per-theme palette.
 */
export const MODEL_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function modelColor(index: number): string {
  return MODEL_COLORS[index % MODEL_COLORS.length]!;
}

const DAY_MS = 86_400_000;

export const tokensOf = (t: { inputTokens: number; outputTokens: number; cacheCreationInputTokens: number; cacheReadInputTokens: number }): number =>
  t.inputTokens + t.outputTokens + t.cacheCreationInputTokens + t.cacheReadInputTokens;

function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * Every day from the window's first day (or the first day with usage, for "all") to today, with zero
 * bars for quiet days; beyond `maxBars` days, consecutive days are merged so bars stay wide enough
 * to see and tap on a phone.
 */
export function chartData(report: AnalyticsReport, today: string, maxBars = 62): ChartData {
  const perModel = new Map<string, number>();
  for (const row of report.daily) perModel.set(row.model, (perModel.get(row.model) ?? 0) + tokensOf(row));
  const models = [...perModel].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([model]) => model);
  const index = new Map(models.map((model, i) => [model, i]));

  const byDay = new Map<string, Daily[]>();
  for (const row of report.daily) byDay.set(row.day, [...(byDay.get(row.day) ?? []), row]);
  const first = report.since?.slice(0, 10) ?? report.daily[0]?.day ?? today;
  const days: string[] = [];
  for (let day = first <= today ? first : today; day <= today; day = dayAfter(day)) days.push(day);

  const size = Math.max(1, Math.ceil(days.length / maxBars));
  const bars: DayBar[] = [];
  let costIncomplete = false;
  for (let start = 0; start < days.length; start += size) {
    const span = days.slice(start, start + size);
    const bar: DayBar = { day: span[0]!, until: span.at(-1)!, tokens: models.map(() => 0), total: 0, cost: 0 };
    for (const day of span) {
      for (const row of byDay.get(day) ?? []) {
        const tokens = tokensOf(row);
        bar.tokens[index.get(row.model)!]! += tokens;
        bar.total += tokens;
        bar.cost += row.costUsd ?? 0;
        if (row.unpricedModels.length > 0) costIncomplete = true;
      }
    }
    bars.push(bar);
  }
  return {
    models,
    bars,
    maxTokens: Math.max(0, ...bars.map((b) => b.total)),
    maxCost: Math.max(0, ...bars.map((b) => b.cost)),
    costIncomplete,
  };
}

/** A round upper bound for an axis (1, 2, 2.5 or 5 × 10ⁿ) at or above `max`. */
export function niceCeiling(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

/** `950`, `12.3k`, `4.5M`, `1.2B`: token counts in the space of a chart label. */
export function compactNumber(value: number): string {
  const units: Array<[number, string]> = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) {
    if (Math.abs(value) >= size) {
      const scaled = value / size;
      return `${scaled >= 100 ? Math.round(scaled) : Number(scaled.toFixed(1))}${suffix}`;
    }
  }
  return String(Math.round(value));
}

/** `$12.34`, `<$0.01` for a cost too small to show, `$0` for none, `unknown` when nothing had a price. */
export function formatUsd(value: number | null): string {
  if (value === null) return 'unknown';
  if (value === 0) return '$0';
  if (value < 0.005) return '<$0.01';
  return value >= 1000 ? `$${Math.round(value).toLocaleString('en-US')}` : `$${value.toFixed(2)}`;
}

/** `Nov 20`; a merged bar is labelled by its first day. */
export function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}
