import { FLOOD_BYTES, FLOOD_WINDOW_MS } from '../constants.js';

/**
 * Tells a flood (output arriving faster than FLOOD_BYTES per FLOOD_WINDOW_MS) from interactive output
 * (echoes, screen redraws), from the arrival times alone: no timer, so an idle session costs nothing.
 * Windows are fixed-size and back to back. A window that follows a flooded one is a flood from its
 * first byte: otherwise the start of every window of a steady flood would look interactive.
 */
export class FloodMeter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private windowBytes = 0;
  private previousFlooded = false;
  private readonly threshold: number;
  private readonly windowMs: number;

  constructor(threshold = FLOOD_BYTES, windowMs = FLOOD_WINDOW_MS) {
    this.threshold = threshold;
    this.windowMs = windowMs;
  }

  /** Counts `n` bytes arriving at `now` (ms, monotonic); true when the current window is a flood. */
  add(n: number, now: number): boolean {
    const elapsed = now - this.windowStart;
    if (elapsed >= this.windowMs) {
      // Only the window just before this one counts; after a silent window the flood is over.
      this.previousFlooded = elapsed < 2 * this.windowMs && this.windowBytes >= this.threshold;
      this.windowStart = now;
      this.windowBytes = 0;
    }
    this.windowBytes += n;
    return this.previousFlooded || this.windowBytes >= this.threshold;
  }
}
