import { currentTotp, totpStep } from '@codepiper/core';
import { waitFor } from './wait-for.js';

const STEP_MS = 30_000;
/**
 * The daemon accepts the steps either side of its own clock's step. A code for the step before ours
 * is only handed out with this much of our step left, so that it cannot age out on its way there.
 */
const MARGIN_MS = 2_000;

/**
 * The owner's authenticator, as a test sees it. Every code is single use and no code older than one
 * already used is accepted, so the clock hands out strictly increasing steps: the oldest one the daemon
 * still takes first, leaving the newer ones for later. Three codes fit in one 30-second step; a fourth
 * waits for the clock to move on (there is no event to wait on, hence a bounded poll).
 */
export class TotpClock {
  private lastStep = Number.NEGATIVE_INFINITY;

  constructor(readonly secret: string) {}

  async fresh(): Promise<string> {
    for (;;) {
      const now = Date.now();
      const step = totpStep(now);
      const msLeftInStep = (step + 1) * STEP_MS - now;
      const oldestSafe = msLeftInStep > MARGIN_MS ? step - 1 : step;
      const candidate = Math.max(this.lastStep + 1, oldestSafe);
      if (candidate <= step + 1) {
        this.lastStep = candidate;
        return currentTotp(this.secret, candidate * STEP_MS);
      }
      await waitFor(() => totpStep(Date.now()) > step, 'the next TOTP time step', STEP_MS + 5_000);
    }
  }
}
