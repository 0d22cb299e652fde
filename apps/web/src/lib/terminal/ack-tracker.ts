import { ACK_EVERY_BYTES, ACK_ON_IDLE_BYTES } from '../constants';

/**
 * Flow control from the terminal's side: output is acknowledged only once xterm has parsed it (from
 * its write callback, as VS Code does), so a flood makes the daemon pause this client instead of
 * piling megabytes into the page. A snapshot restarts the count at its offset, as the daemon does.
 */
export class AckTracker {
  private parsed = 0;
  private acked = 0;
  private inFlight = 0;
  private epoch = 0;

  constructor(
    private readonly send: (offset: number) => void,
    private readonly every = ACK_EVERY_BYTES,
    private readonly onIdle = ACK_ON_IDLE_BYTES,
  ) {}

  /** A snapshot at `offset` was written: everything before it counts as acknowledged. */
  reset(offset: number): void {
    this.epoch++;
    this.parsed = offset;
    this.acked = offset;
    this.inFlight = 0;
  }

  /** Output [offset, offset + length) was handed to the terminal; call the result once it is parsed. */
  wrote(offset: number, length: number): () => void {
    const epoch = this.epoch;
    this.inFlight++;
    return () => {
      if (epoch !== this.epoch) return;
      this.inFlight--;
      this.parsed = Math.max(this.parsed, offset + length);
      const unacked = this.parsed - this.acked;
      if (unacked >= this.every || (this.inFlight === 0 && unacked >= this.onIdle)) {
        this.acked = this.parsed;
        this.send(this.parsed);
      }
    };
  }
}
