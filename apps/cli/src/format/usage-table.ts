import type { UsageReport, UsageRow, UsageTotals } from '@codepiper/protocol';
import { plural } from './plural.js';
import { printable } from './printable.js';
import { formatTable } from './table.js';

const COLUMN: Record<NonNullable<UsageReport['by']>, string> = { day: 'DAY', model: 'MODEL', session: 'SESSION' };

/** `1,234,567`: token counts are read by magnitude, so group the digits. */
export function formatTokens(count: number): string {
  return count.toLocaleString('en-US');
}

/** `$1.23`; `<$0.01` for a cost too small to show; `unknown` when nothing in it has a known price. */
export function formatCost(totals: Pick<UsageTotals, 'costUsd' | 'unpricedModels'>): string {
  if (totals.costUsd === null) return 'unknown';
  const text = totals.costUsd > 0 && totals.costUsd < 0.005 ? '<$0.01' : `$${totals.costUsd.toFixed(2)}`;
  // Part of it has no price: the figure is a lower bound.
  return totals.unpricedModels.length > 0 ? `${text}*` : text;
}

function keyCell(report: UsageReport, row: UsageRow): string {
  if (report.by === 'session' && row.label !== null) return printable(`${row.key} ${row.label}`);
  if (report.by === 'session' && row.key === '-') return '(removed sessions)';
  return printable(row.key);
}

/**
 * `usage`: a totals line, then (with --by) one row per day, model or session, and a footnote naming the
 * models whose cost is not known.
 */
export function formatUsageReport(report: UsageReport): string {
  const t = report.totals;
  const tokens = t.inputTokens + t.outputTokens + t.cacheCreationInputTokens + t.cacheReadInputTokens;
  const since = report.since === null ? '' : ` since ${report.since}`;
  const lines = [
    `total${since}: ${formatTokens(tokens)} tokens (input ${formatTokens(t.inputTokens)}, output ${formatTokens(t.outputTokens)}, cache write ${formatTokens(t.cacheCreationInputTokens)}, cache read ${formatTokens(t.cacheReadInputTokens)}) in ${plural(t.messages, 'message')}, cost ${formatCost(t)}`,
  ];
  if (report.by !== null) {
    lines.push('');
    lines.push(
      report.rows.length === 0
        ? 'no usage recorded'
        : formatTable(
            [COLUMN[report.by], 'INPUT', 'OUTPUT', 'CACHE WRITE', 'CACHE READ', 'MESSAGES', 'COST'],
            report.rows.map((row) => [
              keyCell(report, row),
              formatTokens(row.inputTokens),
              formatTokens(row.outputTokens),
              formatTokens(row.cacheCreationInputTokens),
              formatTokens(row.cacheReadInputTokens),
              String(row.messages),
              formatCost(row),
            ]),
          ),
    );
  }
  if (t.unpricedModels.length > 0) {
    lines.push('');
    lines.push(`${t.costUsd === null ? '' : '* '}no known price for ${t.unpricedModels.map(printable).join(', ')}: their tokens are counted, their cost is not (add their prices to the daemon home's config.json)`);
  }
  return lines.join('\n');
}
