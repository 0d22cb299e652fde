import WebSocket from 'ws';
import { decodeFrame, ServerMessageSchema } from '@codepiper/protocol';
import { INTERNALS } from '../clean-error.js';
import type { WsFuzzMessage } from './ws-messages.js';

/**
 * A WebSocket that checks everything the daemon sends while it is being fuzzed: each text message a
 * valid ServerMessage (and no `internal` error), each binary message a decodable output or snapshot
 * frame, and no close from the daemon's side.
 */
export class WsFuzzClient {
  readonly problems: string[] = [];
  received = 0;
  private pongWaiters = new Map<number, () => void>();
  private closedByUs = false;

  private constructor(
    private readonly socket: WebSocket,
    readonly label: string,
  ) {
    socket.on('message', (data: Buffer, isBinary: boolean) => this.inspect(data, isBinary));
    socket.on('close', (code: number, reason: Buffer) => {
      if (!this.closedByUs) this.problems.push(`${label}: the daemon closed the connection (${code} ${reason.toString()})`);
      for (const waiter of this.pongWaiters.values()) waiter();
    });
    socket.on('error', (error) => this.problems.push(`${label}: ${error.message}`));
  }

  static open(url: string, headers: Record<string, string>, label: string): Promise<WsFuzzClient> {
    const socket = new WebSocket(url, { headers, perMessageDeflate: false });
    return new Promise((resolveOpen, reject) => {
      socket.once('open', () => resolveOpen(new WsFuzzClient(socket, label)));
      socket.once('error', reject);
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(message: WsFuzzMessage): void {
    if (this.open) this.socket.send(message.data, { binary: message.binary });
  }

  /** Proves the daemon still answers this connection: a ping with a unique `t`, and its pong. */
  roundTrip(t: number, timeoutMs = 15_000): Promise<void> {
    return new Promise((resolveTrip, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.label}: no pong ${t} within ${timeoutMs} ms`)), timeoutMs);
      this.pongWaiters.set(t, () => {
        clearTimeout(timer);
        this.pongWaiters.delete(t);
        resolveTrip();
      });
      this.socket.send(JSON.stringify({ type: 'ping', t }));
    });
  }

  close(): void {
    this.closedByUs = true;
    this.socket.terminate();
  }

  private inspect(data: Buffer, isBinary: boolean): void {
    this.received++;
    if (isBinary) {
      try {
        const frame = decodeFrame(new Uint8Array(data));
        if (frame.kind === 'input') this.problems.push(`${this.label}: the daemon sent an input frame`);
      } catch (error) {
        this.problems.push(`${this.label}: undecodable frame (${(error as Error).message})`);
      }
      return;
    }
    const text = data.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.problems.push(`${this.label}: text that is not JSON: ${text.slice(0, 200)}`);
      return;
    }
    const parsed = ServerMessageSchema.safeParse(json);
    if (!parsed.success) {
      this.problems.push(`${this.label}: not a server message: ${text.slice(0, 200)}`);
      return;
    }
    const message = parsed.data;
    if (message.type === 'error' && (message.code === 'internal' || INTERNALS.test(message.message))) this.problems.push(`${this.label}: ${text.slice(0, 300)}`);
    if (message.type === 'pong' && message.t !== undefined) this.pongWaiters.get(message.t)?.();
  }
}
