import { encodeFrame, type ClientMessage, type ServerMessage } from '@codepiper/protocol';
import type { Clock, SocketLike, TimerHandle } from './socket-edge';

/**
 * Test doubles of the browser edge (socket and timers) for the client's unit tests. They model what
 * the browser does, not our code: a socket opens, carries messages and closes when told to.
 */
export class FakeSocket implements SocketLike {
  binaryType = 'blob';
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onerror: SocketLike['onerror'] = null;
  readonly sent: ClientMessage[] = [];
  closedWith: { code?: number; reason?: string } | undefined;

  constructor(readonly url: string) {}

  send(data: string | Uint8Array): void {
    if (typeof data !== 'string') throw new Error('the client sends JSON text only');
    this.sent.push(JSON.parse(data) as ClientMessage);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { ...(code !== undefined ? { code } : {}), ...(reason !== undefined ? { reason } : {}) };
  }

  // ---- what the server side does ----
  open(): void {
    this.onopen?.({});
  }

  receive(message: ServerMessage): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  receiveFrame(kind: 'output' | 'snapshot', session: string, offset: number, text: string): void {
    const frame = encodeFrame(kind, session, offset, new TextEncoder().encode(text));
    // Browsers deliver binary messages as an ArrayBuffer of exactly the message.
    this.onmessage?.({ data: frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) });
  }

  drop(code = 1006, reason = ''): void {
    this.onclose?.({ code, reason });
  }

  sentOfType<T extends ClientMessage['type']>(type: T): Extract<ClientMessage, { type: T }>[] {
    return this.sent.filter((m): m is Extract<ClientMessage, { type: T }> => m.type === type);
  }
}

export class FakeClock implements Clock {
  private time = 1_000_000;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward, running every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    while (true) {
      let due: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
  }
}
