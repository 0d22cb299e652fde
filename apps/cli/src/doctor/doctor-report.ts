import { printable } from '../format/index.js';
import type { CheckResult } from './checks.js';

/** `ok    Node.js 22.1.0` lines, each warn or fail followed by its indented fix. */
export function formatDoctorReport(results: readonly CheckResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`${result.status.padEnd(5)} ${printable(result.message)}`);
    if (result.fix && result.status !== 'ok') lines.push(`      fix: ${result.fix}`);
  }
  return lines.join('\n');
}
