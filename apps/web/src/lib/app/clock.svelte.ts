import { CLOCK_TICK_MS } from '../constants';

/** A coarse "now" for relative times; one timer for the whole tab, started by the first reader. */
class Clock {
  now = $state(Date.now());
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    setInterval(() => (this.now = Date.now()), CLOCK_TICK_MS);
  }
}

export const clock = new Clock();
