import {
  RATE_BASE_DELAY_MS,
  RATE_CLEAN_CLIENT_INTERVAL_MS,
  RATE_CLIENT_MEMORY_MS,
  RATE_FREE_FAILURES,
  RATE_GLOBAL_MAX_FAILURES,
  RATE_GLOBAL_WINDOW_MS,
  RATE_MAX_DELAY_MS,
  RATE_MAX_TRACKED_CLIENTS,
} from './constants.js';
import { clientKey } from './client-key.js';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimits {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  clientMemoryMs: number;
  globalWindowMs: number;
  globalMaxFailures: number;
  cleanClientIntervalMs: number;
  maxTrackedClients: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  freeFailures: RATE_FREE_FAILURES,
  baseDelayMs: RATE_BASE_DELAY_MS,
  maxDelayMs: RATE_MAX_DELAY_MS,
  clientMemoryMs: RATE_CLIENT_MEMORY_MS,
  globalWindowMs: RATE_GLOBAL_WINDOW_MS,
  globalMaxFailures: RATE_GLOBAL_MAX_FAILURES,
  cleanClientIntervalMs: RATE_CLEAN_CLIENT_INTERVAL_MS,
  maxTrackedClients: RATE_MAX_TRACKED_CLIENTS,
};

interface ClientState {
  /** Failures recorded since the client's last success (or since it was forgotten). */
  failures: number;
  /** Attempts let through by check() and not yet settled by recordFailure/recordSuccess. */
  inFlight: number;
  /** Time of the last attempt let through or failure recorded: delays count from here. */
  lastAttemptAt: number;
  /** Time of the last recorded failure, or -Infinity. */
  lastFailureAt: number;
}

/**
 * Login attempt limiter, in memory and without timers: every decision is computed from timestamps
 * when it is asked for.
 *
 * Per client (an IPv4 address or an IPv6 /64): the first few failures are free, then each further
 * attempt waits a delay that doubles per failure up to a cap; a success clears the client. Attempts
 * let through but not yet settled count as failures, so a burst of parallel requests cannot slip past
 * the delay while the first ones are still being verified (an attempt never settled stays counted
 * until the client is forgotten).
 *
 * Globally: past a number of failures per window the limiter turns strict. Clients that failed within
 * the window are then refused until the window clears, while clients with no recent failure share one
 * attempt per interval. An attacker, from one address or many, therefore cannot lock the owner out:
 * one address is held by its own delay and never trips the global cap, and with many addresses each
 * can take the shared slot only once per window before it counts as failed.
 *
 * Protocol: call check() right before verifying, then exactly one of recordFailure / recordSuccess
 * for each attempt it allowed.
 */
export class LoginRateLimiter {
  /** Map order is recency order (entries are re-inserted on update), so stale entries sit at the front. */
  private readonly clients = new Map<string, ClientState>();
  /** Times of the most recent failures across all clients, oldest first, at most globalMaxFailures. */
  private readonly globalFailures: number[] = [];
  private lastCleanAttemptAt = -Infinity;
  private readonly limits: RateLimits;
  private readonly clock: () => number;

  constructor(options: { now?: () => number; limits?: Partial<RateLimits> } = {}) {
    this.clock = options.now ?? Date.now;
    this.limits = { ...DEFAULT_RATE_LIMITS, ...options.limits };
  }

  /** Whether an attempt from `ip` may be verified now; an allowed attempt is counted as in flight. */
  check(ip: string, now: number = this.clock()): RateDecision {
    const key = clientKey(ip);
    this.forgetStale(now);
    const state = this.clients.get(key);
    let waitMs = 0;
    if (state) {
      const attempts = state.failures + state.inFlight;
      if (attempts >= this.limits.freeFailures) {
        waitMs = state.lastAttemptAt + this.delayAfter(attempts) - now;
      }
    }
    let usesCleanSlot = false;
    if (this.isStrict(now)) {
      const failedRecently = state !== undefined && now - state.lastFailureAt < this.limits.globalWindowMs;
      if (failedRecently) {
        // Refused until either the global count drops under the cap or this client's failure ages out.
        const globalClears = this.globalFailures[0]! + this.limits.globalWindowMs - now;
        const clientClears = state.lastFailureAt + this.limits.globalWindowMs - now;
        waitMs = Math.max(waitMs, Math.min(globalClears, clientClears));
      } else {
        waitMs = Math.max(waitMs, this.lastCleanAttemptAt + this.limits.cleanClientIntervalMs - now);
        usesCleanSlot = true;
      }
    }
    if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    if (usesCleanSlot) this.lastCleanAttemptAt = now;
    const next = state ?? { failures: 0, inFlight: 0, lastAttemptAt: now, lastFailureAt: -Infinity };
    next.inFlight++;
    next.lastAttemptAt = now;
    this.touch(key, next);
    return { allowed: true };
  }

  recordFailure(ip: string, now: number = this.clock()): void {
    const key = clientKey(ip);
    const state = this.clients.get(key) ?? { failures: 0, inFlight: 0, lastAttemptAt: now, lastFailureAt: -Infinity };
    state.inFlight = Math.max(0, state.inFlight - 1);
    state.failures++;
    state.lastAttemptAt = now;
    state.lastFailureAt = now;
    this.touch(key, state);
    this.globalFailures.push(now);
    if (this.globalFailures.length > this.limits.globalMaxFailures) this.globalFailures.shift();
  }

  /** The owner got in from `ip`: its past failures no longer count. */
  recordSuccess(ip: string, _now: number = this.clock()): void {
    this.clients.delete(clientKey(ip));
  }

  /** Clients currently remembered (for tests and status output). */
  get trackedClients(): number {
    return this.clients.size;
  }

  /** Wait before the next attempt once `attempts` have been made: base, 2×base, 4×base … capped. */
  private delayAfter(attempts: number): number {
    const exponent = attempts - this.limits.freeFailures;
    // Past ~2^40 the product is far beyond any cap; clamping the exponent keeps the number finite.
    return Math.min(this.limits.baseDelayMs * 2 ** Math.min(exponent, 40), this.limits.maxDelayMs);
  }

  /** True while the window holds the maximum number of failures. */
  private isStrict(now: number): boolean {
    while (this.globalFailures.length > 0 && now - this.globalFailures[0]! >= this.limits.globalWindowMs) this.globalFailures.shift();
    return this.globalFailures.length >= this.limits.globalMaxFailures;
  }

  private touch(key: string, state: ClientState): void {
    this.clients.delete(key);
    this.clients.set(key, state);
    while (this.clients.size > this.limits.maxTrackedClients) {
      const oldest = this.clients.keys().next().value as string;
      this.clients.delete(oldest);
    }
  }

  /** Drops clients untouched for longer than the memory span; they are at the front of the map. */
  private forgetStale(now: number): void {
    for (const [key, state] of this.clients) {
      if (now - state.lastAttemptAt < this.limits.clientMemoryMs) break;
      this.clients.delete(key);
    }
  }
}
