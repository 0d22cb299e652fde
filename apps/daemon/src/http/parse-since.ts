import { DaemonError } from '../errors.js';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `7d`, `24h`, `30m`, `2w` before `now`, or an ISO date/time (a bare date is UTC midnight). */
export function parseSince(text: string, now = Date.now()): Date {
  const relative = /^(\d+)([mhdw])$/.exec(text);
  const at = relative ? now - Number(relative[1]) * UNIT_MS[relative[2]!]! : Date.parse(text);
  // Beyond JavaScript's dates (±275,760 years) there is nothing to compare with.
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) throw new DaemonError('bad_request', `since: "${text}" is not a date`);
  return date;
}
