import type { UsageReport, UsageTotals } from '@codepiper/protocol';
import { describe, expect, it } from 'vitest';
import { formatCost, formatUsageReport } from './usage-table.js';

const totals = (over: Partial<UsageTotals> = {}): UsageTotals => ({
  inputTokens: 1200,
  outputTokens: 340,
  cacheCreationInputTokens: 5000,
  cacheReadInputTokens: 1_000_000,
  costUsd: 0.4213,
  messages: 12,
  unpricedModels: [],
  ...over,
});

describe('formatCost', () => {
  it('shows dollars and cents, a floor for tiny costs, and unknown for unpriced usage', () => {
    expect(formatCost({ costUsd: 12.345, unpricedModels: [] })).toBe('$12.35');
    expect(formatCost({ costUsd: 0, unpricedModels: [] })).toBe('$0.00');
    expect(formatCost({ costUsd: 0.0012, unpricedModels: [] })).toBe('<$0.01');
    expect(formatCost({ costUsd: null, unpricedModels: ['x'] })).toBe('unknown');
    expect(formatCost({ costUsd: 1, unpricedModels: ['x'] })).toBe('$1.00*');
  });
});

describe('formatUsageReport', () => {
  it('prints the totals line alone without a grouping', () => {
    const report: UsageReport = { since: null, by: null, totals: totals(), rows: [] };
    expect(formatUsageReport(report)).toBe(
      'total: 1,006,540 tokens (input 1,200, output 340, cache write 5,000, cache read 1,000,000) in 12 messages, cost $0.42',
    );
  });

  it('prints one row per group, session names beside ids, and names the models without a price', () => {
    const report: UsageReport = {
      since: '2026-11-17T00:00:00.000Z',
      by: 'session',
      totals: totals({ unpricedModels: ['mystery'] }),
      rows: [
        { ...totals({ messages: 11 }), key: 'a1b2c3d4', label: 'api' },
        { ...totals({ costUsd: null, messages: 1, unpricedModels: ['mystery'] }), key: '-', label: null },
      ],
    };
    expect(formatUsageReport(report).split('\n')).toEqual([
      'total since 2026-11-17T00:00:00.000Z: 1,006,540 tokens (input 1,200, output 340, cache write 5,000, cache read 1,000,000) in 12 messages, cost $0.42*',
      '',
      'SESSION             INPUT  OUTPUT  CACHE WRITE  CACHE READ  MESSAGES  COST',
      'a1b2c3d4 api        1,200  340     5,000        1,000,000   11        $0.42',
      '(removed sessions)  1,200  340     5,000        1,000,000   1         unknown',
      '',
      "* no known price for mystery: their tokens are counted, their cost is not (add their prices to the daemon home's config.json)",
    ]);
  });
});
