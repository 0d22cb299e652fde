import { printable } from '../format/index.js';
import type { CheckResult } from './checks.js';

/** Green, yellow, red: the status word's colour on a terminal. */
const COLORS: Record<CheckResult['status'], string> = { ok: '\x1b[32m', warn: '\x1b[33m', fail: '\x1b[31m' };

/** `ok    Node.js 22.1.0` lines, each warn or fail followed by its indented fix; `color` paints the status words. */
export function formatDoctorReport(results: readonly CheckResult[], options: { color?: boolean } = {}): string {
  const lines: string[] = [];
  for (const result of results) {
    const word = result.status.padEnd(5);
    lines.push(`${options.color ? `${COLORS[result.status]}${word}\x1b[0m` : word} ${printable(result.message)}`);
    if (result.fix && result.status !== 'ok') lines.push(`      fix: ${result.fix}`);
  }
  return lines.join('\n');
}
