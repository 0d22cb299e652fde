import WebSocket from 'ws';
import { decodeFrame, type ClientMessage, type Frame, type ServerMessage } from '@codepiper/protocol';

interface Waiter {
  check: () => boolean;
  resolve: () => void;
}

/**
 * A WebSocket client that records everything the daemon sends, for assertions. Output frames of each
 * session are kept in order; `text(id)` is what a terminal would have been fed since the last snapshot.
 */
export class TestWsClient {
  readonly messages: ServerMessage[] = [];
  readonly frames: Frame[] = [];
  private waiters: Waiter[] = [];
  private readonly streams = new Map<string, { epoch: number; snapshotOffset: number; snapshot: Buffer; chunks: Buffer[]; end: number; error?: string }>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        const decoded = decodeFrame(new Uint8Array(data));
        const frame = { ...decoded, payload: Buffer.from(decoded.payload) };
        // Keep small frames for inspection; a flood's bytes live only in the per-session stream.
        this.frames.push(frame.payload.length > 64 * 1024 ? { ...frame, payload: Buffer.alloc(0) } : frame);
        this.track(frame);
      } else {
        const message = JSON.parse(data.toString('utf8')) as ServerMessage;
        if (message.type === 'ping') this.send({ type: 'pong' });
        this.messages.push(message);
      }
      this.waiters = this.waiters.filter((w) => (w.check() ? (w.resolve(), false) : true));
    });
  }

  static connect(url: string, options: WebSocket.ClientOptions = {}): Promise<TestWsClient> {
    const socket = new WebSocket(url, { perMessageDeflate: false, ...options });
    const client = new TestWsClient(socket);
    return new Promise((resolveOpen, reject) => {
      socket.once('open', () => resolveOpen(client));
      socket.once('error', reject);
    });
  }

  send(message: ClientMessage): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Waits for a condition re-checked on every incoming message. */
  until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolveWait, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; last messages: ${JSON.stringify(this.messages.slice(-3))}`)), timeoutMs);
      this.waiters.push({ check, resolve: () => (clearTimeout(timer), resolveWait()) });
    });
  }

  async message<T extends ServerMessage['type']>(type: T, match: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true): Promise<Extract<ServerMessage, { type: T }>> {
    let found: Extract<ServerMessage, { type: T }> | undefined;
    await this.until(() => {
      found = this.messages.find((m): m is Extract<ServerMessage, { type: T }> => m.type === type && match(m as Extract<ServerMessage, { type: T }>));
      return found !== undefined;
    }, `a "${type}" message`);
    return found!;
  }

  framesOf(id: string): Frame[] {
    return this.frames.filter((f) => f.sessionId === id);
  }

  /**
   * Output of a session since its most recent snapshot, tracked incrementally as frames arrive (a
   * flood of tens of megabytes must not be re-concatenated per message). Throws on a gap or overlap.
   */
  streamSinceSnapshot(id: string): { snapshotOffset: number; snapshot: Buffer; output: Buffer; end: number } {
    const stream = this.streams.get(id);
    if (!stream) return { snapshotOffset: 0, snapshot: Buffer.alloc(0), output: Buffer.alloc(0), end: 0 };
    if (stream.error) throw new Error(stream.error);
    if (stream.chunks.length > 1) stream.chunks = [Buffer.concat(stream.chunks)];
    return { snapshotOffset: stream.snapshotOffset, snapshot: stream.snapshot, output: stream.chunks[0] ?? Buffer.alloc(0), end: stream.end };
  }

  text(id: string): string {
    return this.streamSinceSnapshot(id).output.toString('utf8');
  }

  /** Bytes received for a session since its last snapshot, without building them into one buffer. */
  receivedSinceSnapshot(id: string): number {
    const stream = this.streams.get(id);
    return stream ? stream.end - stream.snapshotOffset : 0;
  }

  /** Waits for text in the snapshot or the output after it; only newly arrived bytes are scanned. */
  untilText(id: string, needle: string | RegExp, timeoutMs?: number): Promise<void> {
    let scannedChunks = 0;
    let carry = '';
    let epoch = -1;
    const has = (): boolean => {
      const stream = this.streams.get(id);
      if (!stream) return false;
      if (stream.error) throw new Error(stream.error);
      if (typeof needle !== 'string') return needle.test(stream.snapshot.toString('utf8') + this.text(id));
      if (epoch !== stream.epoch) {
        epoch = stream.epoch;
        scannedChunks = 0;
        carry = stream.snapshot.toString('utf8');
        if (carry.includes(needle)) return true;
      }
      for (; scannedChunks < stream.chunks.length; scannedChunks++) {
        const text = carry + stream.chunks[scannedChunks]!.toString('utf8');
        if (text.includes(needle)) return true;
        carry = text.slice(-needle.length);
      }
      return false;
    };
    return this.until(has, `output matching ${String(needle)} in ${id}`, timeoutMs);
  }

  private track(frame: Frame & { payload: Buffer }): void {
    let stream = this.streams.get(frame.sessionId);
    if (frame.kind === 'snapshot') {
      const epoch = (stream?.epoch ?? 0) + 1;
      this.streams.set(frame.sessionId, { epoch, snapshotOffset: frame.offset, snapshot: frame.payload, chunks: [], end: frame.offset });
      return;
    }
    if (!stream) {
      stream = { epoch: 0, snapshotOffset: frame.offset, snapshot: Buffer.alloc(0), chunks: [], end: frame.offset };
      this.streams.set(frame.sessionId, stream);
    }
    if (frame.offset !== stream.end) stream.error ??= `gap or overlap in session ${frame.sessionId}: expected offset ${stream.end}, got ${frame.offset}`;
    stream.chunks.push(frame.payload);
    stream.end = frame.offset + frame.payload.length;
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((r) => {
      this.socket.once('close', () => r());
      this.socket.close();
    });
  }
}
