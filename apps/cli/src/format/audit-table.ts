import type { AuditEntry } from '@codepiper/protocol';
import { TABLE_DETAIL_MAX } from '../constants.js';
import { printable } from './printable.js';
import { formatTable, truncateEnd } from './table.js';
import { formatTimestamp } from './timestamp.js';

const HEADER = ['AT', 'TYPE', 'ACTOR', 'IP', 'DETAIL'] as const;

/** One scalar of a detail: bare when it reads unambiguously, JSON otherwise (spaces, nesting, empty text). */
function detailValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 0 && !/[\s"=]/.test(value) ? value : JSON.stringify(value);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? String(value);
}

/** An entry's detail as `key=value` pairs (`stage=begun revokedLogins=2`), "-" when there is none. */
export function formatDetail(detail: unknown): string {
  if (detail === null || detail === undefined) return '-';
  if (typeof detail !== 'object' || Array.isArray(detail)) return detailValue(detail);
  const pairs = Object.entries(detail as Record<string, unknown>).map(([key, value]) => `${key}=${detailValue(value)}`);
  return pairs.length > 0 ? pairs.join(' ') : '-';
}

/** `audit`: newest first, as the daemon lists it. */
export function formatAuditTable(entries: readonly AuditEntry[]): string {
  return formatTable(
    HEADER,
    entries.map((entry) => [
      formatTimestamp(entry.at),
      printable(entry.type),
      printable(entry.actor),
      printable(entry.ip ?? '-'),
      truncateEnd(printable(formatDetail(entry.detail)), TABLE_DETAIL_MAX),
    ]),
  );
}
