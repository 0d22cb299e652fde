import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { ServerMessage } from '@codepiper/protocol';
import { CLIENT_LOW_WATERMARK } from '../constants.js';
import type { Principal } from '../auth/index.js';
import type { ClientLink } from '../session-hub/index.js';

/**
 * One WebSocket client. Counts the bytes handed to `ws` that the socket has not flushed yet (ws calls
 * the send callback once the bytes are written), which is what the hub's flow control reads.
 *
 * Frames sent in one tick leave in one write: the first corks the socket and the uncork waits for
 * the end of the tick. A flood arrives from the pty host as several frames per read (each at most
 * OUTPUT_FRAME_MAX_PAYLOAD), and `ws` on its own makes one writev per frame per client.
 */
export class ClientConnection implements ClientLink {
  readonly id = randomBytes(6).toString('hex');
  lastSeen = Date.now();
  private pending = 0;
  private wasOverLow = false;
  private corked = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly transport: Duplex,
    readonly principal: Principal,
    private readonly onDrained: (client: ClientConnection) => void,
  ) {}

  get pendingBytes(): number {
    return this.pending;
  }

  get closed(): boolean {
    return this.socket.readyState !== this.socket.OPEN;
  }

  sendJson(message: ServerMessage): void {
    if (this.closed) return;
    this.socket.send(JSON.stringify(message));
  }

  sendFrame(frame: Uint8Array): void {
    if (this.closed) return;
    const size = frame.length;
    this.pending += size;
    if (this.pending > CLIENT_LOW_WATERMARK) this.wasOverLow = true;
    if (!this.corked) {
      this.corked = true;
      this.transport.cork();
      process.nextTick(this.uncork);
    }
    this.socket.send(frame, { binary: true }, () => {
      this.pending -= size;
      if (this.wasOverLow && this.pending < CLIENT_LOW_WATERMARK) {
        this.wasOverLow = false;
        this.onDrained(this);
      }
    });
  }

  private readonly uncork = (): void => {
    this.corked = false;
    this.transport.uncork();
  };

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  terminate(): void {
    this.socket.terminate();
  }
}
