import { encodeFrame, FRAME_HEADER_BYTES } from '@codepiper/protocol';
import { CLIENT_HIGH_WATERMARK, CLIENT_LOW_WATERMARK, FLOW_HIGH_WATERMARK, FLOW_LOW_WATERMARK } from '../constants.js';
import type { ClientLink } from './client-link.js';

/**
 * `live`: every output byte from `cursor` on is sent as it arrives. `syncing`: a snapshot is on its
 * way and output is held back. `paused`: the client is over its high watermark; nothing is sent until
 * it drains below the low one, then it continues from `cursor` out of the session's recent-output ring
 * (no byte lost), or, if the ring no longer reaches back that far, it is resynchronised with a snapshot.
 * `behind`: the client has a gap and waits (under its low watermark) for a snapshot.
 */
export type SubscriptionState = 'live' | 'syncing' | 'paused' | 'behind';

/** One client's view of one session. */
export class Subscription {
  state: SubscriptionState = 'syncing';
  /** Stream offset of the next byte this client should receive. */
  cursor = 0;
  /** For `flow` clients: every byte before this offset has been consumed by the client. */
  acked = 0;
  cols: number | undefined;
  rows: number | undefined;
  detached = false;
  /** A snapshot request is on its way; a second one would only race it. */
  resyncInFlight = false;
  /** Snapshots in a row the host failed to take for this client (see SNAPSHOT_RETRY_MS). */
  snapshotFailures = 0;
  retryTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly client: ClientLink,
    readonly sessionId: string,
    readonly readOnly: boolean,
    readonly flow: boolean,
  ) {}

  /**
   * Sends an output frame if it continues this client's stream. Returns false when the client has a
   * gap (it needs a resync). Frames that overlap bytes already sent are trimmed, so a snapshot's
   * pending bytes and the live stream can never duplicate. `frame` may be omitted (encoded here).
   */
  deliver(frame: Uint8Array | undefined, offset: number, payload: Uint8Array): boolean {
    const end = offset + payload.length;
    if (end <= this.cursor) return true;
    if (offset > this.cursor) return false;
    if (offset === this.cursor) {
      this.client.sendFrame(frame && frame.length === payload.length + FRAME_HEADER_BYTES ? frame : encodeFrame('output', this.sessionId, offset, payload));
    } else {
      this.client.sendFrame(encodeFrame('output', this.sessionId, this.cursor, payload.subarray(this.cursor - offset)));
    }
    this.cursor = end;
    if (this.overHighWatermark()) this.state = 'paused';
    return true;
  }

  overHighWatermark(): boolean {
    return this.client.pendingBytes > CLIENT_HIGH_WATERMARK || (this.flow && this.cursor - this.acked > FLOW_HIGH_WATERMARK);
  }

  underLowWatermark(): boolean {
    return this.client.pendingBytes < CLIENT_LOW_WATERMARK && (!this.flow || this.cursor - this.acked < FLOW_LOW_WATERMARK);
  }
}
