import type { AnalyticsReport } from '@codepiper/protocol';
import { describe, expect, it } from 'vitest';
import { chartData, compactNumber, formatUsd, niceCeiling, shortDay } from './chart-data';

const zero = { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0, messages: 1, unpricedModels: [] as string[], label: null };
const row = (day: string, model: string, tokens: number, costUsd: number | null) => ({
  ...zero,
  key: `${day} ${model}`,
  day,
  model,
  outputTokens: tokens,
  costUsd,
  unpricedModels: costUsd === null ? [model] : [],
});
const report = (since: string | null, daily: AnalyticsReport['daily']): AnalyticsReport => ({
  since,
  daily,
  totals: { ...zero, costUsd: 0 },
  cacheHitRate: null,
  topTools: [],
  topSessions: [],
});

describe('chartData', () => {
  it('fills quiet days with empty bars and stacks models by rank', () => {
    const data = chartData(
      report('2026-11-18T12:00:00.000Z', [row('2026-11-18', 'small', 10, 0.5), row('2026-11-20', 'big', 100, 2), row('2026-11-20', 'small', 5, 0.25), row('2026-11-20', 'odd', 7, null)]),
      '2026-11-21',
    );
    expect(data.models).toEqual(['big', 'small', 'odd']);
    expect(data.bars.map((b) => [b.day, b.tokens, b.total, b.cost])).toEqual([
      ['2026-11-18', [0, 10, 0], 10, 0.5],
      ['2026-11-19', [0, 0, 0], 0, 0],
      ['2026-11-20', [100, 5, 7], 112, 2.25],
      ['2026-11-21', [0, 0, 0], 0, 0],
    ]);
    expect([data.maxTokens, data.maxCost, data.costIncomplete]).toEqual([112, 2.25, true]);
  });

  it('starts at the first day with usage without a window, and merges days beyond the bar limit', () => {
    const data = chartData(report(null, [row('2026-11-01', 'm', 1, 0), row('2026-11-10', 'm', 2, 0)]), '2026-11-10', 4);
    expect(data.bars.map((b) => [b.day, b.until, b.total])).toEqual([
      ['2026-11-01', '2026-11-03', 1],
      ['2026-11-04', '2026-11-06', 0],
      ['2026-11-07', '2026-11-09', 0],
      ['2026-11-10', '2026-11-10', 2],
    ]);
  });

  it('draws one empty day when there is no usage at all', () => {
    expect(chartData(report(null, []), '2026-11-10').bars).toEqual([{ day: '2026-11-10', until: '2026-11-10', tokens: [], total: 0, cost: 0 }]);
  });
});

describe('chart labels', () => {
  it('rounds axis tops to 1, 2, 2.5 or 5 of a power of ten', () => {
    expect([0, 0.3, 7, 12, 220, 2400, 4_100_000].map(niceCeiling)).toEqual([1, 0.5, 10, 20, 250, 2500, 5_000_000]);
  });

  it('writes numbers and money compactly', () => {
    expect([950, 12_345, 4_500_000, 1_234_000_000, 250_000].map(compactNumber)).toEqual(['950', '12.3k', '4.5M', '1.2B', '250k']);
    expect([null, 0, 0.001, 3.456, 12_345.6].map(formatUsd)).toEqual(['unknown', '$0', '<$0.01', '$3.46', '$12,346']);
    expect(shortDay('2026-11-20')).toBe('Nov 20');
  });
});
