const pad = (n: number): string => String(n).padStart(2, '0');

/** An ISO timestamp as local wall-clock time to the second, `2025-01-01 12:00:05`; unparseable text as it came. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
