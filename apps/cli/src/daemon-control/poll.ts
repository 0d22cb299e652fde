import { setTimeout as delay } from 'node:timers/promises';
import { DAEMON_POLL_INTERVAL_MS } from '../constants.js';

/**
 * Checks `condition` until it holds or `timeoutMs` passes; true when it held. Only for states that
 * announce themselves with no event (a socket starting to answer, a process in another session
 * exiting).
 */
export async function pollUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = DAEMON_POLL_INTERVAL_MS): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await delay(intervalMs);
  }
}

/** Whether a process exists (signal 0 probes without signalling; EPERM means it exists as another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
