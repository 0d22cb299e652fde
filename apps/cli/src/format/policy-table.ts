import type { PolicyRule, PolicyVerdict } from '@codepiper/protocol';
import { TABLE_COMMAND_MAX, TABLE_CWD_MAX, TABLE_DETAIL_MAX, TABLE_NAME_MAX } from '../constants.js';
import { printable } from './printable.js';
import { formatTable, truncateEnd, truncateStart } from './table.js';

const POLICY_HEADER = ['ID', 'ACTION', 'TOOL', 'INPUT', 'CWD', 'SCOPE', 'PRIORITY', 'REASON'] as const;

function scopeOf(rule: PolicyRule): string {
  if (rule.scope === 'session') return `session ${rule.session ?? '?'}`;
  if (rule.scope === 'provider') return `provider ${rule.provider ?? '?'}`;
  return 'global';
}

/** `policy list`: the rules top to bottom in the order the daemon tries them; the first match decides. */
export function formatPolicyTable(rules: readonly PolicyRule[]): string {
  return formatTable(
    POLICY_HEADER,
    rules.map((rule) => [
      rule.id,
      rule.action,
      truncateEnd(printable(rule.tool), TABLE_NAME_MAX),
      rule.input === null ? '*' : truncateEnd(printable(rule.input), TABLE_COMMAND_MAX),
      rule.cwd === null ? '*' : truncateStart(printable(rule.cwd), TABLE_CWD_MAX),
      scopeOf(rule),
      String(rule.priority),
      rule.reason === null ? '-' : truncateEnd(printable(rule.reason), TABLE_DETAIL_MAX),
    ]),
  );
}

/** `policy test`: the action alone on the first line (for `| head -1`), the daemon's explanation under it. */
export function formatVerdict(verdict: PolicyVerdict): string {
  return `${verdict.action}\n${printable(verdict.explanation)}`;
}
