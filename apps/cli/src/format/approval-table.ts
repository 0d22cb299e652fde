import type { Approval } from '@codepiper/protocol';
import { TABLE_SUMMARY_MAX } from '../constants.js';
import { printable } from './printable.js';
import { formatAge } from './session-table.js';
import { formatTable, truncateEnd } from './table.js';

/** Time left until `iso`: `in 4m`, or `expired`. */
export function formatExpiry(iso: string, now: number): string {
  const ms = Date.parse(iso) - now;
  if (!Number.isFinite(ms)) return '?';
  if (ms <= 0) return 'expired';
  return `in ${formatAge(new Date(now - ms).toISOString(), now)}`;
}

/** `approvals`: what waits for the owner (with `all`, decided ones too, with their status and decider). */
export function formatApprovalTable(approvals: readonly Approval[], options: { all?: boolean } = {}, now: number = Date.now()): string {
  const header = options.all ? ['ID', 'SESSION', 'TOOL', 'SUMMARY', 'AGE', 'STATUS', 'DECIDED BY'] : ['ID', 'SESSION', 'TOOL', 'SUMMARY', 'AGE', 'EXPIRES'];
  return formatTable(
    header,
    approvals.map((approval) => {
      const row = [
        approval.id,
        printable(approval.sessionName),
        printable(approval.tool),
        truncateEnd(printable(approval.summary), TABLE_SUMMARY_MAX),
        formatAge(approval.createdAt, now),
      ];
      if (options.all) return [...row, approval.status, printable(approval.decidedBy ?? '-')];
      return [...row, formatExpiry(approval.expiresAt, now)];
    }),
  );
}
