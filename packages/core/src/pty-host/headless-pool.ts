import { Worker } from 'node:worker_threads';
import {
  HEADLESS_CATCHUP_TAIL,
  HEADLESS_MAX_BACKLOG,
  HEADLESS_POST_MAX_BYTES,
  HEADLESS_POST_WINDOW,
  SNAPSHOT_MAX_ATTEMPTS,
} from '../constants.js';
import type { FromWorker, ToWorker } from './headless-protocol.js';

export interface HeadlessSnapshot {
  offset: number;
  data: string;
  /** Raw bytes [offset, offset + pending.length) read since the screen's offset. */
  pending: Buffer;
}

interface Chunk {
  start: number;
  data: Buffer;
}

interface State {
  /** Generation of the worker's terminal for this session; 0 = none opened yet. */
  gen: number;
  cols: number;
  rows: number;
  /** Chunks fed and not yet reported parsed (posted to the worker or waiting to be), in order. */
  backlog: Chunk[];
  backlogBytes: number;
  /** Stream offset after the last byte fed. */
  end: number;
  /** Stream offset after the last byte posted to the worker. */
  posted: number;
  /** Parsed offset last reported by the worker. */
  parsed: number;
}

interface PendingSnapshot {
  id: string;
  scrollback: number;
  attempts: number;
  done: (err: Error | null, snap?: HeadlessSnapshot) => void;
}

export interface HeadlessPoolOptions {
  workerUrl: URL;
  /**
   * Called right before a snapshot answer is computed: the host must push the session's output read
   * so far (and not yet flushed) through `feed`, so that `pending` ends at the session's true offset.
   */
  flushTurn: (id: string) => void;
  /** The session's current stream offset (after flushTurn). */
  offsetOf: (id: string) => number;
  log: (message: string) => void;
}

/**
 * The main-thread side of the headless terminals: one worker thread for all sessions of the host,
 * created on first use; one terminal per session, created on its first output. Nothing here runs
 * unless output or a request arrives, so idle sessions cost no wake-ups.
 *
 * For each session it keeps the chunks sent to the worker but not yet reported parsed. They are what
 * a snapshot's `pending` is made of, and they are bounded: past HEADLESS_MAX_BACKLOG the backlog is
 * dropped, the terminal is recreated and fed only the last HEADLESS_CATCHUP_TAIL bytes (lossy
 * catch-up: the screen after a flood is determined by its tail).
 */
export class HeadlessPool {
  private worker: Worker | null = null;
  private readonly states = new Map<string, State>();
  private readonly snapshots = new Map<number, PendingSnapshot>();
  private nextReq = 1;
  private nextGen = 1;
  private closed = false;
  private readonly opts: HeadlessPoolOptions;

  constructor(opts: HeadlessPoolOptions) {
    this.opts = opts;
  }

  /** Output bytes [start, start + data.length) of session `id` (kept by reference). */
  feed(id: string, cols: number, rows: number, start: number, data: Buffer): void {
    if (this.closed || data.length === 0) return;
    let st = this.states.get(id);
    if (!st) {
      st = { gen: 0, cols, rows, backlog: [], backlogBytes: 0, end: start, posted: start, parsed: start };
      this.states.set(id, st);
    }
    if (st.gen === 0) this.open(id, st, start);
    st.backlog.push({ start, data });
    st.backlogBytes += data.length;
    st.end = start + data.length;
    if (st.backlogBytes > HEADLESS_MAX_BACKLOG) {
      this.catchUp(id, st);
      return;
    }
    this.postPending(id, st);
  }

  /** Resize in order with the data already fed. */
  resize(id: string, cols: number, rows: number): void {
    const st = this.states.get(id);
    if (!st) return;
    st.cols = cols;
    st.rows = rows;
    if (st.gen === 0) return;
    // Everything fed before the resize must reach the terminal before it.
    this.postPending(id, st, true);
    this.post({ t: 'resize', id, cols, rows });
  }

  /** Drops the session's terminal. */
  close(id: string): void {
    const st = this.states.get(id);
    this.states.delete(id);
    if (st && st.gen !== 0) this.post({ t: 'close', id });
  }

  /** Serializes the screen; `done` runs synchronously with the answer's computation (see flushTurn). */
  snapshot(id: string, scrollback: number, done: PendingSnapshot['done']): void {
    this.requestSnapshot({ id, scrollback, attempts: 0, done });
  }

  /** Stops the worker; pending snapshots fail. */
  async shutdown(): Promise<void> {
    this.closed = true;
    this.failSnapshots(new Error('pty host is shutting down'));
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate().catch(() => undefined);
  }

  // -------------------------------------------------------------------------------------------------

  private requestSnapshot(p: PendingSnapshot): void {
    if (this.closed) {
      p.done(new Error('pty host is shutting down'));
      return;
    }
    this.opts.flushTurn(p.id);
    const st = this.states.get(p.id);
    if (!st || st.gen === 0) {
      // No output yet (or the worker died): an empty screen as of the current offset.
      p.done(null, { offset: this.opts.offsetOf(p.id), data: '', pending: Buffer.alloc(0) });
      return;
    }
    p.attempts++;
    const req = this.nextReq++;
    this.snapshots.set(req, p);
    this.post({ t: 'snapshot', id: p.id, req, scrollback: p.scrollback });
  }

  private onSnapshot(msg: Extract<FromWorker, { t: 'snapshot' }>): void {
    const p = this.snapshots.get(msg.req);
    if (!p) return;
    this.snapshots.delete(msg.req);
    // Bring the backlog up to the session's current offset Q before computing [P, Q).
    this.opts.flushTurn(p.id);
    const st = this.states.get(p.id);
    const q = this.opts.offsetOf(p.id);
    const pending = st && st.gen === msg.gen ? sliceBacklog(st, msg.offset, q) : null;
    if (pending) {
      p.done(null, { offset: msg.offset, data: msg.data, pending });
      return;
    }
    // The terminal was reset (or its progress raced) since the request: ask the new one.
    if (p.attempts >= SNAPSHOT_MAX_ATTEMPTS) {
      p.done(new Error('snapshot raced with output resets too many times'));
      return;
    }
    this.requestSnapshot(p);
  }

  private onProgress(updates: Array<[string, number, number]>): void {
    for (const [id, gen, offset] of updates) {
      const st = this.states.get(id);
      if (!st || st.gen !== gen) continue;
      st.parsed = Math.max(st.parsed, offset);
      let drop = 0;
      let bytes = 0;
      for (const c of st.backlog) {
        if (c.start + c.data.length > offset) break;
        drop++;
        bytes += c.data.length;
      }
      if (drop > 0) {
        st.backlog.splice(0, drop);
        st.backlogBytes -= bytes;
      }
      this.postPending(id, st);
    }
  }

  private open(id: string, st: State, start: number): void {
    st.gen = this.nextGen++;
    st.backlog = [];
    st.backlogBytes = 0;
    st.end = start;
    st.posted = start;
    st.parsed = start;
    this.post({ t: 'open', id, gen: st.gen, cols: st.cols, rows: st.rows, start });
  }

  /** Lossy catch-up: a new terminal fed only the backlog's last HEADLESS_CATCHUP_TAIL bytes. */
  private catchUp(id: string, st: State): void {
    const end = st.end;
    const parts: Buffer[] = [];
    let need = Math.min(HEADLESS_CATCHUP_TAIL, st.backlogBytes);
    for (let i = st.backlog.length - 1; i >= 0 && need > 0; i--) {
      const data = st.backlog[i]!.data;
      const part = data.length <= need ? data : data.subarray(data.length - need);
      parts.push(part);
      need -= part.length;
    }
    parts.reverse();
    const tail = Buffer.concat(parts);
    this.open(id, st, end - tail.length);
    st.backlog.push({ start: end - tail.length, data: tail });
    st.backlogBytes = tail.length;
    st.end = end;
    this.postPending(id, st);
  }

  /**
   * Posts the bytes fed but not yet posted, while less than HEADLESS_POST_WINDOW is posted and
   * unparsed (or always, with `force`). Output that arrives while the worker is busy thus goes in a
   * few large writes once it reports progress, instead of one message per pty read.
   */
  private postPending(id: string, st: State, force = false): void {
    if (st.posted >= st.end) return;
    if (!force && st.posted - st.parsed >= HEADLESS_POST_WINDOW) return;
    // The unposted bytes are the tail of the backlog, [posted, end).
    const parts: Buffer[] = [];
    for (let i = st.backlog.length - 1; i >= 0; i--) {
      const c = st.backlog[i]!;
      if (c.start + c.data.length <= st.posted) break;
      parts.push(c.start >= st.posted ? c.data : c.data.subarray(st.posted - c.start));
    }
    parts.reverse();
    let pos = st.posted;
    let piece: Buffer[] = [];
    let pieceBytes = 0;
    const flush = (): void => {
      // One fresh buffer, transferred: structured clone of a view would copy its whole backing
      // ArrayBuffer (often a pooled slab), and the backlog keeps the original for snapshots.
      const copy = new Uint8Array(pieceBytes);
      let at = 0;
      for (const b of piece) {
        copy.set(b, at);
        at += b.length;
      }
      pos += pieceBytes;
      this.post({ t: 'write', id, end: pos, data: copy }, [copy.buffer]);
      piece = [];
      pieceBytes = 0;
    };
    for (let b of parts) {
      while (b.length > 0) {
        const take = Math.min(b.length, HEADLESS_POST_MAX_BYTES - pieceBytes);
        piece.push(b.subarray(0, take));
        pieceBytes += take;
        b = b.subarray(take);
        if (pieceBytes === HEADLESS_POST_MAX_BYTES) flush();
      }
    }
    if (pieceBytes > 0) flush();
    st.posted = st.end;
  }

  private post(msg: ToWorker, transfer?: ArrayBuffer[]): void {
    if (this.closed) return;
    const w = this.ensureWorker();
    w.postMessage(msg, transfer);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.opts.workerUrl);
    w.on('message', (msg: FromWorker) => {
      if (this.worker !== w) return;
      if (msg.t === 'progress') this.onProgress(msg.updates);
      else if (msg.t === 'snapshot') this.onSnapshot(msg);
      else if (msg.t === 'snapshot-error') {
        const p = this.snapshots.get(msg.req);
        this.snapshots.delete(msg.req);
        p?.done(new Error(`snapshot failed: ${msg.error}`));
      }
    });
    w.on('error', (err) => this.onWorkerGone(w, `headless worker failed: ${err?.stack ?? err}`));
    w.on('exit', (code) => this.onWorkerGone(w, `headless worker exited with code ${code}`));
    this.worker = w;
    return w;
  }

  /**
   * The worker died: terminals are gone. Sessions get a new terminal with their next output (the
   * screen restarts blank); snapshots in flight are asked again (and answer with the blank screen).
   */
  private onWorkerGone(w: Worker, reason: string): void {
    if (this.worker !== w) return;
    this.worker = null;
    if (this.closed) return;
    this.opts.log(reason);
    for (const st of this.states.values()) {
      st.gen = 0;
      st.backlog = [];
      st.backlogBytes = 0;
      st.posted = st.end;
      st.parsed = st.end;
    }
    const waiting = [...this.snapshots.values()];
    this.snapshots.clear();
    for (const p of waiting) this.requestSnapshot(p);
  }

  private failSnapshots(err: Error): void {
    const waiting = [...this.snapshots.values()];
    this.snapshots.clear();
    for (const p of waiting) p.done(err);
  }
}

/** Bytes [from, to) out of the backlog, or null when it does not hold all of them. */
function sliceBacklog(st: State, from: number, to: number): Buffer | null {
  if (from === to) return Buffer.alloc(0);
  if (from > to || st.end !== to) return null;
  const parts: Buffer[] = [];
  let pos = from;
  for (const c of st.backlog) {
    const cEnd = c.start + c.data.length;
    if (cEnd <= pos) continue;
    if (c.start > pos) return null;
    parts.push(c.data.subarray(pos - c.start));
    pos = cEnd;
  }
  return pos === to ? Buffer.concat(parts) : null;
}
