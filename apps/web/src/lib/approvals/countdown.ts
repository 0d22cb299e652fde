/**
 * Time left until `expiresAt` for a countdown: "4:59", "1 h 05 min", or undefined once it has passed.
 * Whole seconds rounded up, so "0:00" never shows while the agent still waits.
 */
export function timeLeft(expiresAt: string, now: number): string | undefined {
  const end = Date.parse(expiresAt);
  if (Number.isNaN(end)) return undefined;
  const seconds = Math.ceil((end - now) / 1000);
  if (seconds <= 0) return undefined;
  if (seconds >= 3600) {
    const minutes = Math.floor(seconds / 60);
    return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
  }
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
