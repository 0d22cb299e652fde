import { Worker } from 'node:worker_threads';
import {
  FLOOD_BYTES,
  FLOOD_WINDOW_MS,
  HEADLESS_CATCHUP_TAIL,
  HEADLESS_MAX_BACKLOG,
  HEADLESS_SNAPSHOT_MAX_BACKLOG,
  HEADLESS_POST_DELAY_MS,
  HEADLESS_POST_MAX_BYTES,
  HEADLESS_POST_WINDOW,
  SNAPSHOT_MAX_ATTEMPTS,
} from '../constants.js';
import { FloodMeter } from './flood-meter.js';
import { backlogTail, copyPieces, sliceBacklog, type Chunk } from './headless-backlog.js';
import type { FromWorker, ToWorker } from './headless-protocol.js';

export interface HeadlessSnapshot {
  offset: number;
  data: string;
  /** Raw bytes [offset, offset + pending.length) read since the screen's offset. */
  pending: Buffer;
}

interface State {
  /**
   * Generation of the worker's terminal for this session. 0: the worker has no terminal at `posted`
   * (no output yet, the backlog was cut to its tail, or the worker died); one is opened there with
   * the next post.
   */
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
  meter: FloodMeter;
  /** Flood mode: output is kept here, not posted, until the session goes quiet or a snapshot needs it. */
  flooding: boolean;
  /** Flood mode: bytes fed since `checkedAt`, the last quiet check. */
  sinceCheck: number;
  checkedAt: number;
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
 * For each session it keeps the chunks fed but not yet reported parsed. They are what a snapshot's
 * `pending` is made of, and they are bounded: past HEADLESS_MAX_BACKLOG unposted bytes the backlog is
 * cut to its last HEADLESS_CATCHUP_TAIL bytes, and a new terminal is fed only those (lossy catch-up:
 * the screen after a flood is determined by its tail).
 *
 * Flood mode: while a session writes faster than FLOOD_BYTES per FLOOD_WINDOW_MS, nothing is posted.
 * Parsing a flood as it streams would cost a core (the worker parses ~40 MB/s) for screens nobody
 * looks at, on a machine where the flooding program and the output corridor need that core; instead
 * the backlog is kept (and cut as above, in memory only) and posted once the session goes quiet, or
 * at once when a snapshot (after a cut to the tail) or a resize needs the screen. Snapshots stay
 * exact: the screen at P plus the raw bytes [P, Q) up to the true current offset. One timer checks
 * for quiet, and only while some session floods.
 */
export class HeadlessPool {
  private worker: Worker | null = null;
  private readonly states = new Map<string, State>();
  private readonly snapshots = new Map<number, PendingSnapshot>();
  private nextReq = 1;
  private nextGen = 1;
  private closed = false;
  /** Sessions in flood mode, and the timer that checks them for quiet (null when there are none). */
  private readonly flooding = new Set<string>();
  private floodTimer: NodeJS.Timeout | null = null;
  /** Sessions with output fed and not yet posted, and the timer that posts them all in one message. */
  private readonly toPost = new Set<string>();
  private postTimer: NodeJS.Timeout | null = null;
  private readonly opts: HeadlessPoolOptions;

  constructor(opts: HeadlessPoolOptions) {
    this.opts = opts;
  }

  /** Output bytes of session `id` from stream offset `start`: the chunks, in order (kept by reference). */
  feed(id: string, cols: number, rows: number, start: number, chunks: readonly Buffer[]): void {
    let bytes = 0;
    for (const data of chunks) bytes += data.length;
    if (this.closed || bytes === 0) return;
    let st = this.states.get(id);
    if (!st) {
      st = {
        gen: 0,
        cols,
        rows,
        backlog: [],
        backlogBytes: 0,
        end: start,
        posted: start,
        parsed: start,
        meter: new FloodMeter(),
        flooding: false,
        sinceCheck: 0,
        checkedAt: 0,
      };
      this.states.set(id, st);
    }
    let at = start;
    for (const data of chunks) {
      if (data.length === 0) continue;
      st.backlog.push({ start: at, data });
      at += data.length;
    }
    st.backlogBytes += bytes;
    st.end = at;
    const now = performance.now();
    if (st.meter.add(bytes, now) && !st.flooding) this.enterFlood(id, st, now);
    if (st.flooding) st.sinceCheck += bytes;
    const limit = this.snapshotUnderWay(id) ? HEADLESS_SNAPSHOT_MAX_BACKLOG : HEADLESS_MAX_BACKLOG;
    if (st.end - st.posted > limit) this.cutToTail(id, st);
    if (st.flooding) return;
    // Not posted at once: a worker message per pty read is most of what busy sessions cost the host.
    // Nothing waits for the parse (a snapshot posts what is pending first), so output is posted every
    // HEADLESS_POST_DELAY_MS, all sessions in one message.
    this.toPost.add(id);
    if (!this.postTimer) {
      this.postTimer = setTimeout(this.postDeferred, HEADLESS_POST_DELAY_MS);
      this.postTimer.unref();
    }
  }

  /** Resize in order with the data already fed. */
  resize(id: string, cols: number, rows: number): void {
    const st = this.states.get(id);
    if (!st) return;
    if (st.gen !== 0 || st.posted < st.end) {
      // Everything fed before the resize must reach the terminal (opened at the old size) before it.
      this.postPending(id, st, true);
      this.post({ t: 'resize', id, cols, rows });
    }
    st.cols = cols;
    st.rows = rows;
  }

  /** Drops the session's terminal. */
  close(id: string): void {
    const st = this.states.get(id);
    this.states.delete(id);
    this.toPost.delete(id);
    if (st && st.gen !== 0) this.post({ t: 'close', id });
    if (this.flooding.delete(id) && this.flooding.size === 0) this.stopFloodTimer();
  }

  /** Serializes the screen; `done` runs synchronously with the answer's computation (see flushTurn). */
  snapshot(id: string, scrollback: number, done: PendingSnapshot['done']): void {
    this.requestSnapshot({ id, scrollback, attempts: 0, done });
  }

  /** Whether the session is in flood mode (its output kept, not parsed). */
  isFlooding(id: string): boolean {
    return this.flooding.has(id);
  }

  /** Whether the flood-mode timer exists (it must not while no session floods). */
  get floodTimerActive(): boolean {
    return this.floodTimer !== null;
  }

  /** Whether output waits to be posted (the post timer exists only then). */
  get postTimerActive(): boolean {
    return this.postTimer !== null;
  }

  /** Stops the worker; pending snapshots fail. */
  async shutdown(): Promise<void> {
    this.closed = true;
    this.flooding.clear();
    this.stopFloodTimer();
    if (this.postTimer) clearTimeout(this.postTimer);
    this.postTimer = null;
    this.toPost.clear();
    this.failSnapshots(new Error('pty host is shutting down'));
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate().catch(() => undefined);
  }

  // -------------------------------------------------------------------------------------------------

  private snapshotUnderWay(id: string): boolean {
    if (this.snapshots.size === 0) return false;
    for (const p of this.snapshots.values()) if (p.id === id) return true;
    return false;
  }

  private requestSnapshot(p: PendingSnapshot): void {
    if (this.closed) {
      p.done(new Error('pty host is shutting down'));
      return;
    }
    this.opts.flushTurn(p.id);
    const st = this.states.get(p.id);
    if (st) {
      // In flood mode the screen is what the tail makes it (see cutToTail): parse only the tail, so
      // that a snapshot in a flood waits for ~256 KiB of parsing instead of a whole backlog.
      if (st.flooding && st.end - st.posted > HEADLESS_CATCHUP_TAIL) this.cutToTail(p.id, st);
      this.postPending(p.id, st, true);
    }
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
    const pending = st && st.gen === msg.gen && st.end === q ? sliceBacklog(st.backlog, msg.offset, q) : null;
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

  /** A new terminal for the session, at `posted` (the start of the unparsed backlog). */
  private open(id: string, st: State): ToWorker {
    st.gen = this.nextGen++;
    return { t: 'open', id, gen: st.gen, cols: st.cols, rows: st.rows, start: st.posted };
  }

  /**
   * Lossy catch-up: keeps only the backlog's last HEADLESS_CATCHUP_TAIL bytes (views, no copy); a new
   * terminal is opened at their start with the next post. Nothing is sent to the worker unless it is
   * parsing bytes now dropped, which a close stops.
   */
  private cutToTail(id: string, st: State): void {
    const tail = backlogTail(st.backlog, Math.min(HEADLESS_CATCHUP_TAIL, st.backlogBytes));
    let bytes = 0;
    for (const c of tail) bytes += c.data.length;
    if (st.gen !== 0 && st.posted > st.parsed) this.post({ t: 'close', id });
    st.gen = 0;
    st.backlog = tail;
    st.backlogBytes = bytes;
    st.posted = st.end - bytes;
    st.parsed = st.posted;
  }

  private enterFlood(id: string, st: State, now: number): void {
    st.flooding = true;
    st.sinceCheck = 0;
    st.checkedAt = now;
    this.flooding.add(id);
    if (!this.floodTimer) this.startFloodTimer();
  }

  private startFloodTimer(): void {
    this.floodTimer = setTimeout(this.checkFloods, FLOOD_WINDOW_MS);
    // The host stays up for its sessions, not for this check.
    this.floodTimer.unref();
  }

  private stopFloodTimer(): void {
    if (this.floodTimer) clearTimeout(this.floodTimer);
    this.floodTimer = null;
  }

  /** Sessions that wrote less than the flood rate since their last check leave flood mode and are posted. */
  private readonly checkFloods = (): void => {
    this.floodTimer = null;
    const now = performance.now();
    for (const id of this.flooding) {
      const st = this.states.get(id);
      if (st) {
        const elapsed = now - st.checkedAt;
        // A session that entered flood mode just before this check has not had time to show its rate.
        if (elapsed < FLOOD_WINDOW_MS / 2) continue;
        const stillFlooding = st.sinceCheck * FLOOD_WINDOW_MS >= FLOOD_BYTES * elapsed;
        st.sinceCheck = 0;
        st.checkedAt = now;
        if (stillFlooding) continue;
        st.flooding = false;
        this.postPending(id, st);
      }
      this.flooding.delete(id);
    }
    if (this.flooding.size > 0) this.startFloodTimer();
  };

  /**
   * Posts the bytes fed but not yet posted, while the session is not in flood mode and less than
   * HEADLESS_POST_WINDOW is posted and unparsed (or always, with `force`). Output that arrives while
   * the worker is busy thus goes in a few large writes once it reports progress, instead of one
   * message per pty read.
   */
  private postPending(id: string, st: State, force = false): void {
    const batch: ToWorker[] = [];
    const transfer: ArrayBuffer[] = [];
    this.collectPending(id, st, force, batch, transfer);
    this.postBatch(batch, transfer);
  }

  /** postPending's messages, appended to `batch` (and their buffers to `transfer`) instead of posted. */
  private collectPending(id: string, st: State, force: boolean, batch: ToWorker[], transfer: ArrayBuffer[]): void {
    this.toPost.delete(id);
    if (st.posted >= st.end) return;
    if (!force && (st.flooding || st.posted - st.parsed >= HEADLESS_POST_WINDOW)) return;
    if (st.gen === 0) batch.push(this.open(id, st));
    for (const piece of copyPieces(st.backlog, st.posted, HEADLESS_POST_MAX_BYTES)) {
      batch.push({ t: 'write', id, end: piece.end, data: piece.data });
      transfer.push(piece.data.buffer as ArrayBuffer);
    }
    st.posted = st.end;
  }

  /** Posts the output that waited for the post timer, every session's in one message. */
  private readonly postDeferred = (): void => {
    this.postTimer = null;
    const batch: ToWorker[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const id of [...this.toPost]) {
      const st = this.states.get(id);
      if (st) this.collectPending(id, st, false, batch, transfer);
    }
    this.toPost.clear();
    this.postBatch(batch, transfer);
  };

  private postBatch(batch: ToWorker[], transfer: ArrayBuffer[]): void {
    if (batch.length === 1) this.post(batch[0]!, transfer);
    else if (batch.length > 1) this.post({ t: 'batch', messages: batch }, transfer);
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
