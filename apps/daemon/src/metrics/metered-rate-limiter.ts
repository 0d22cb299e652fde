import { LoginRateLimiter } from '@codepiper/core';

/** Failed and refused login (and setup-code) attempts, counted where the daemon already settles them. */
export class MeteredRateLimiter extends LoginRateLimiter {
  failures = 0;
  refusals = 0;

  override check(ip: string, now?: number): ReturnType<LoginRateLimiter['check']> {
    const decision = now === undefined ? super.check(ip) : super.check(ip, now);
    if (!decision.allowed) this.refusals++;
    return decision;
  }

  override recordFailure(ip: string, now?: number): void {
    this.failures++;
    if (now === undefined) super.recordFailure(ip);
    else super.recordFailure(ip, now);
  }
}
