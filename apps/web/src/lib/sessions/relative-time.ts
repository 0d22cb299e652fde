const UNITS: ReadonlyArray<[limitSeconds: number, unitSeconds: number, suffix: string]> = [
  [60, 1, 's'],
  [3600, 60, 'min'],
  [86_400, 3600, 'h'],
  [86_400 * 30, 86_400, 'd'],
];

/** "12 s", "5 min", "3 h", "4 d", or the date for anything older than a month. Short for phone rows. */
export function shortDuration(fromIso: string, now: number): string {
  const from = Date.parse(fromIso);
  if (Number.isNaN(from)) return '—';
  const seconds = Math.max(0, Math.floor((now - from) / 1000));
  for (const [limit, unit, suffix] of UNITS) {
    if (seconds < limit) return `${Math.floor(seconds / unit)} ${suffix}`;
  }
  return new Date(from).toISOString().slice(0, 10);
}

/** "5 min ago", "just now", or "never" for a missing time. */
export function ago(iso: string | null, now: number): string {
  if (iso === null) return 'never';
  const from = Date.parse(iso);
  if (!Number.isNaN(from) && now - from < 5000) return 'just now';
  const span = shortDuration(iso, now);
  return /^\d{4}-/.test(span) ? span : `${span} ago`;
}
