import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoginRateLimiter, type RateDecision } from './rate-limiter.js';

const T0 = 1_800_000_000_000;
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const ATTACKER = '198.51.100.66';
const OWNER = '203.0.113.7';

/** One full failed attempt: check, then (when allowed) a recorded failure. */
function fail(limiter: LoginRateLimiter, ip: string, now: number): RateDecision {
  const decision = limiter.check(ip, now);
  if (decision.allowed) limiter.recordFailure(ip, now);
  return decision;
}

/** Fails from `ip` as fast as the limiter allows, starting at `start`, until `count` failures are recorded. */
function failAsSoonAsAllowed(limiter: LoginRateLimiter, ip: string, start: number, count: number): number {
  let now = start;
  for (let done = 0; done < count; ) {
    const decision = fail(limiter, ip, now);
    if (decision.allowed) done++;
    else now += decision.retryAfterSeconds * SECOND;
  }
  return now;
}

describe('LoginRateLimiter per client', () => {
  it('lets the first five failures through without delay', () => {
    const limiter = new LoginRateLimiter();
    for (let i = 0; i < 5; i++) expect(fail(limiter, ATTACKER, T0)).toEqual({ allowed: true });
    expect(limiter.check(ATTACKER, T0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('doubles the wait after each further failure: 1 s, 2 s, 4 s, 8 s', () => {
    const limiter = new LoginRateLimiter();
    let now = T0;
    for (let i = 0; i < 5; i++) fail(limiter, ATTACKER, now);
    for (const expectedDelay of [1, 2, 4, 8, 16]) {
      expect(limiter.check(ATTACKER, now)).toEqual({ allowed: false, retryAfterSeconds: expectedDelay });
      expect(limiter.check(ATTACKER, now + expectedDelay * SECOND - 1).allowed).toBe(false);
      now += expectedDelay * SECOND;
      expect(fail(limiter, ATTACKER, now)).toEqual({ allowed: true });
    }
  });

  it('reports Retry-After as the seconds left, rounded up', () => {
    const limiter = new LoginRateLimiter();
    for (let i = 0; i < 7; i++) limiter.recordFailure(ATTACKER, T0);
    // Seven failures: the next attempt waits 4 s from the last one.
    expect(limiter.check(ATTACKER, T0 + 1)).toEqual({ allowed: false, retryAfterSeconds: 4 });
    expect(limiter.check(ATTACKER, T0 + 2_500)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(limiter.check(ATTACKER, T0 + 3_999)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.check(ATTACKER, T0 + 4_000)).toEqual({ allowed: true });
  });

  it('caps the wait at 15 minutes', () => {
    const limiter = new LoginRateLimiter();
    for (let i = 0; i < 40; i++) limiter.recordFailure(ATTACKER, T0);
    expect(limiter.check(ATTACKER, T0)).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 });
  });

  it('forgets everything about a client once it succeeds', () => {
    const limiter = new LoginRateLimiter();
    for (let i = 0; i < 8; i++) limiter.recordFailure(OWNER, T0);
    expect(limiter.check(OWNER, T0).allowed).toBe(false);
    limiter.recordSuccess(OWNER, T0);
    for (let i = 0; i < 5; i++) expect(fail(limiter, OWNER, T0)).toEqual({ allowed: true });
  });

  it('keeps clients apart', () => {
    const limiter = new LoginRateLimiter();
    for (let i = 0; i < 10; i++) limiter.recordFailure(ATTACKER, T0);
    expect(limiter.check(ATTACKER, T0).allowed).toBe(false);
    expect(limiter.check(OWNER, T0)).toEqual({ allowed: true });
  });

  it('counts parallel attempts still being verified, so a burst cannot slip past the delay', () => {
    const limiter = new LoginRateLimiter();
    const decisions = Array.from({ length: 20 }, () => limiter.check(ATTACKER, T0));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
  });

  it('treats every address of one IPv6 /64 as one client', () => {
    const limiter = new LoginRateLimiter();
    for (let i = 0; i < 5; i++) fail(limiter, `2001:db8:0:1::${i + 1}`, T0);
    expect(limiter.check('2001:db8:0:1::ffff', T0).allowed).toBe(false);
    expect(limiter.check('2001:db8:0:2::1', T0).allowed).toBe(true);
  });

  it('forgets a client an hour after its last attempt', () => {
    const limiter = new LoginRateLimiter();
    for (let i = 0; i < 40; i++) limiter.recordFailure(ATTACKER, T0);
    expect(limiter.check(ATTACKER, T0 + 10 * MINUTE).allowed).toBe(false);
    expect(limiter.check(OWNER, T0 + 60 * MINUTE).allowed).toBe(true);
    expect(limiter.trackedClients).toBe(1);
    // Forgotten: five free failures again, where remembered it would have waited 15 minutes.
    for (let i = 0; i < 5; i++) expect(fail(limiter, ATTACKER, T0 + 60 * MINUTE)).toEqual({ allowed: true });
  });

  it('reads the injected clock when no time is passed', () => {
    let now = T0;
    const limiter = new LoginRateLimiter({ now: () => now });
    for (let i = 0; i < 6; i++) limiter.recordFailure(ATTACKER);
    expect(limiter.check(ATTACKER)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    now += 2 * SECOND;
    expect(limiter.check(ATTACKER)).toEqual({ allowed: true });
  });
});

describe('LoginRateLimiter memory', () => {
  it('never tracks more clients than its cap', () => {
    const limiter = new LoginRateLimiter({ limits: { maxTrackedClients: 50 } });
    for (let i = 0; i < 1_000; i++) limiter.recordFailure(`10.0.${i >> 8}.${i & 255}`, T0 + i);
    expect(limiter.trackedClients).toBe(50);
  });

  it('drops stale clients as time passes', () => {
    const limiter = new LoginRateLimiter();
    for (let i = 0; i < 100; i++) limiter.recordFailure(`10.0.0.${i}`, T0);
    limiter.check(OWNER, T0 + 61 * MINUTE);
    expect(limiter.trackedClients).toBe(1);
  });
});

describe('LoginRateLimiter global cap', () => {
  /** 100 addresses fail once each, tripping the global cap of 100 failures per 15 minutes. */
  function tripGlobalCap(limiter: LoginRateLimiter, at: number): string[] {
    const ips = Array.from({ length: 100 }, (_, i) => `192.0.2.${i}`);
    for (const ip of ips) expect(fail(limiter, ip, at).allowed).toBe(true);
    return ips;
  }

  it('refuses clients that failed recently until the window clears', () => {
    const limiter = new LoginRateLimiter();
    const ips = tripGlobalCap(limiter, T0);
    // Each of these has one failure, far below its own free five, yet is refused.
    expect(limiter.check(ips[0]!, T0 + 1)).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 });
    expect(limiter.check(ips[0]!, T0 + 10 * MINUTE)).toEqual({ allowed: false, retryAfterSeconds: 5 * 60 });
    expect(limiter.check(ips[0]!, T0 + 15 * MINUTE)).toEqual({ allowed: true });
  });

  it('still lets a clean client in, at one attempt per second shared by all clean clients', () => {
    const limiter = new LoginRateLimiter();
    tripGlobalCap(limiter, T0);
    expect(limiter.check(OWNER, T0 + 1)).toEqual({ allowed: true });
    expect(limiter.check('203.0.113.8', T0 + 2)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.check('203.0.113.8', T0 + 1 + SECOND)).toEqual({ allowed: true });
  });

  it('turns a clean client that fails into a refused one', () => {
    const limiter = new LoginRateLimiter();
    tripGlobalCap(limiter, T0);
    expect(fail(limiter, '203.0.113.9', T0 + 1).allowed).toBe(true);
    expect(limiter.check('203.0.113.9', T0 + 5 * SECOND).allowed).toBe(false);
  });

  it('is not tripped by one address hammering: its own delay keeps it far below the cap', () => {
    const limiter = new LoginRateLimiter();
    const end = failAsSoonAsAllowed(limiter, ATTACKER, T0, 14);
    // 14 failures already take more than a 15-minute window: 5 free, then 1 + 2 + … + 256 s.
    expect(end - T0).toBeGreaterThan(8 * MINUTE);
    expect(limiter.check(OWNER, end)).toEqual({ allowed: true });
  });
});

describe('LoginRateLimiter keeps the owner reachable', () => {
  it('lets the owner on a clean address in at once while one address hammers (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 0, max: 3 * 60 * 60 * 1000 }),
        (gaps, ownerOffset) => {
          const limiter = new LoginRateLimiter();
          let now = T0;
          for (const gap of gaps) {
            now += gap;
            fail(limiter, ATTACKER, now);
          }
          const ownerAt = T0 + ownerOffset;
          // The owner's own first attempt, whenever it comes after the attack started.
          expect(limiter.check(OWNER, Math.max(ownerAt, now)).allowed).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('lets the owner in within a bounded time while many fresh addresses attack (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(299), fc.integer({ min: 0, max: 500 })), { minLength: 1, maxLength: 1_500 }),
        fc.integer({ min: 1, max: 1_000 }),
        (attack, ownerDelay) => {
          const limiter = new LoginRateLimiter();
          // 100 addresses fail at once: the limiter is strict for the next 15 minutes.
          for (let i = 0; i < 100; i++) fail(limiter, `10.0.0.${i}`, T0);
          let now = T0;
          let ownerAt = T0 + ownerDelay;
          let ownerTries = 0;
          let ownerIn = false;
          const ownerTry = () => {
            ownerTries++;
            const decision = limiter.check(OWNER, ownerAt);
            if (decision.allowed) ownerIn = true;
            else ownerAt += decision.retryAfterSeconds * SECOND;
          };
          const used = new Set<number>();
          // The attack (at most 12.5 minutes, inside one window) interleaved with the owner, who
          // retries when Retry-After says.
          for (const [which, gap] of attack) {
            now += gap;
            while (!ownerIn && ownerAt <= now) ownerTry();
            used.add(which);
            fail(limiter, `10.1.${which >> 8}.${which & 255}`, now);
          }
          while (!ownerIn && ownerTries <= used.size + 1) ownerTry();
          // Each fresh address takes the shared slot at most once before it counts as failed, so
          // the owner is turned away at most once per attacking address.
          expect(ownerIn).toBe(true);
          expect(ownerTries).toBeLessThanOrEqual(used.size + 1);
        },
      ),
      { numRuns: 100 },
    );
  });
});
