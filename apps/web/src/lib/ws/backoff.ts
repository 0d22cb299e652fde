import { RECONNECT_BASE_MS, RECONNECT_CAP_MS } from '../constants';

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** A number in [0, 1); injected so tests can pin the jitter. */
  random?: () => number;
}

/**
 * Delay before reconnect attempt `attempt` (0 for the first retry): doubling from the base up to the
 * cap, each delay drawn between half and all of its nominal value so that many tabs of one owner do not
 * hammer a restarting daemon in step.
 */
export function reconnectDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? RECONNECT_BASE_MS;
  const cap = options.capMs ?? RECONNECT_CAP_MS;
  const random = options.random ?? Math.random;
  const nominal = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return Math.round(nominal / 2 + (nominal / 2) * random());
}
