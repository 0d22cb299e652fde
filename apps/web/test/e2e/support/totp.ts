import { currentTotp, totpStep } from '@codepiper/core';

const PERIOD_MS = 30_000;

/**
 * Authenticator codes for one secret, as the owner's app would show them. The daemon accepts each
 * 30-second step once and one step either side of its clock; so the tests use the step before the
 * current one, then the current one, then the next, and only when all three are spent wait for time
 * to move on (a clock wait: no event exists for it).
 */
export class TotpSource {
  private lastStep = -Infinity;

  constructor(private readonly secret: string) {}

  async next(): Promise<string> {
    while (true) {
      const now = Date.now();
      const step = Math.max(this.lastStep + 1, totpStep(now) - 1);
      // Leave a second of margin so the daemon's clock, read a moment later, still accepts the step.
      const windowEnd = (totpStep(now) + 2) * PERIOD_MS - 1000;
      if (step <= totpStep(now) + 1 && now < windowEnd) {
        this.lastStep = step;
        return currentTotp(this.secret, step * PERIOD_MS);
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
