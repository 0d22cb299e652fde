import { readSync, writeSync } from 'node:fs';
import type { IPty } from 'node-pty';
import {
  PTY_EOF_DRAIN_MAX_BYTES,
  PTY_INPUT_CHUNK_BYTES,
  PTY_INPUT_QUEUE_MAX_BYTES,
  PTY_INPUT_RETRY_MAX_MS,
  PTY_INPUT_RETRY_MIN_MS,
} from '../constants.js';
import type { OutputLogWriter } from '../output-log/index.js';
import { FloodMeter } from './flood-meter.js';

/** A session as `list` reports it. */
export interface HostSession {
  id: string;
  pid: number;
  command: string[];
  cwd: string;
  cols: number;
  rows: number;
  offset: number;
  running: boolean;
  exitCode: number | null;
  signal: string | null;
  startedAt: string;
  endedAt: string | null;
}

export type PauseReason = 'daemon' | 'log';

/**
 * One pty in the host: its process, stream offset, output of the current event-loop turn, input
 * queue and pause state. OutputPump drives the output path; this class owns the input path.
 */
export class PtySession {
  readonly id: string;
  readonly pid: number;
  readonly command: string[];
  readonly cwd: string;
  readonly dir: string;
  readonly startedAt = new Date().toISOString();
  readonly pty: IPty;
  readonly log: OutputLogWriter;
  cols: number;
  rows: number;

  /** Total output bytes read. */
  offset = 0;
  running = true;
  exitCode: number | null = null;
  signal: string | null = null;
  endedAt: string | null = null;
  /** Resolves once the exit is fully recorded (log flushed, exit.json written). */
  readonly exited: Promise<void>;
  private resolveExited!: () => void;

  /** Output read during the current event-loop turn (or flood batch), not yet flushed. */
  turn: Buffer[] = [];
  turnBytes = 0;
  /** Whether the output arrives as a flood (batched by OutputPump). */
  readonly flood = new FloodMeter();
  /** When input was last written (performance.now()): output soon after it is an answer to a key. */
  lastInputAt = Number.NEGATIVE_INFINITY;

  /** Why reading the pty is paused; empty = reading. */
  readonly pauseReasons = new Set<PauseReason>();
  private paused = false;
  /** The process is gone: read its last output regardless of pauses (see OutputPump). */
  pauseExempt = false;

  private readonly fd: number | null;
  /** node-pty has closed the pty (fd): never write to the fd number again, it may be reused. */
  private ptyClosed = false;
  private input: Buffer[] = [];
  private inputBytes = 0;
  private retryMs = PTY_INPUT_RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly logError: (message: string) => void;

  constructor(init: {
    id: string;
    command: string[];
    cwd: string;
    dir: string;
    cols: number;
    rows: number;
    pty: IPty;
    log: OutputLogWriter;
    logError: (message: string) => void;
  }) {
    this.id = init.id;
    this.command = init.command;
    this.cwd = init.cwd;
    this.dir = init.dir;
    this.cols = init.cols;
    this.rows = init.rows;
    this.pty = init.pty;
    this.pid = init.pty.pid;
    this.log = init.log;
    this.logError = init.logError;
    this.exited = new Promise((resolve) => (this.resolveExited = resolve));
    // node-pty's UnixTerminal exposes its master fd and a 'close' event (not in its typings). Input is
    // written to the fd directly so that a full pty buffer (EAGAIN) is retried with a backoff timer
    // instead of node-pty's setImmediate spin, which burns a core while a program does not read.
    const raw = init.pty as unknown as { fd?: unknown; on?: (event: string, fn: () => void) => void };
    this.fd = typeof raw.fd === 'number' ? raw.fd : null;
    raw.on?.('close', () => this.closePty());
  }

  info(): HostSession {
    return {
      id: this.id,
      pid: this.pid,
      command: this.command,
      cwd: this.cwd,
      cols: this.cols,
      rows: this.rows,
      offset: this.offset,
      running: this.running,
      exitCode: this.exitCode,
      signal: this.signal,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
    };
  }

  /** Records how the process ended; `list` shows the session ended from now on. */
  markEnded(record: { exitCode: number | null; signal: string | null; endedAt: string }): void {
    this.running = false;
    this.exitCode = record.exitCode;
    this.signal = record.signal;
    this.endedAt = record.endedAt;
    this.pauseReasons.clear();
    this.paused = false;
    this.resolveExited();
  }

  /** Pauses or resumes reading the pty for `reason`; reading resumes when no reason is left. */
  setPaused(reason: PauseReason, on: boolean): void {
    if (on) this.pauseReasons.add(reason);
    else this.pauseReasons.delete(reason);
    this.applyPause();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  applyPause(): void {
    const want = this.running && !this.pauseExempt && this.pauseReasons.size > 0;
    if (want === this.paused) return;
    this.paused = want;
    try {
      if (want) this.pty.pause();
      else this.pty.resume();
    } catch (err) {
      this.logError(`session ${this.id}: ${want ? 'pause' : 'resume'} failed: ${(err as Error).message}`);
    }
  }

  /** Sends a signal to the session's process group, else to its process. False if neither exists. */
  kill(signal: NodeJS.Signals): boolean {
    try {
      process.kill(-this.pid, signal);
      return true;
    } catch {
      try {
        process.kill(this.pid, signal);
        return true;
      } catch {
        return false;
      }
    }
  }

  /** Whether the session's process still exists (it is reaped by node-pty as soon as it exits). */
  processAlive(): boolean {
    try {
      process.kill(this.pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  /**
   * Queues input, written in order in PTY_INPUT_CHUNK_BYTES pieces as the pty accepts them.
   * Returns false when the input was dropped (session ended, or its queue is full).
   */
  write(data: Uint8Array): boolean {
    if (!this.running || this.ptyClosed || data.length === 0) return false;
    this.lastInputAt = performance.now();
    if (this.inputBytes + data.length > PTY_INPUT_QUEUE_MAX_BYTES) {
      this.logError(`session ${this.id}: input queue full (${this.inputBytes} bytes), dropped ${data.length} bytes`);
      return false;
    }
    const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (this.fd === null) {
      // No fd to write to (not a UnixTerminal): node-pty queues and orders writes itself.
      for (let i = 0; i < buf.length; i += PTY_INPUT_CHUNK_BYTES) this.pty.write(buf.subarray(i, i + PTY_INPUT_CHUNK_BYTES));
      return true;
    }
    this.input.push(buf);
    this.inputBytes += buf.length;
    // While a retry is pending the pty is full: the timer writes this input after what came before.
    if (!this.retryTimer) this.pumpInput();
    return true;
  }

  /**
   * Writes queued input to the pty until the queue is empty or the pty's input buffer is full. The
   * master fd is non-blocking (node-pty opens it so), so a synchronous write never stalls the host: it
   * writes what fits or fails with EAGAIN, then a backoff timer retries. Writing in the host's own turn
   * instead of through libuv's thread pool (fs.write) saves each keystroke a hop through a thread-pool thread: measured
   * with a bare node-pty and `cat` (2000 keys × 3, 2 cores): echo p50 0.079–0.097 → 0.062–0.066 ms,
   * p99 0.138–0.860 → 0.112–0.502 ms.
   */
  private pumpInput(): void {
    this.retryTimer = null;
    for (;;) {
      const head = this.input[0];
      if (!head || this.ptyClosed || this.fd === null) {
        if (this.ptyClosed) this.dropInput();
        return;
      }
      let written: number;
      try {
        written = writeSync(this.fd, head, 0, Math.min(head.length, PTY_INPUT_CHUNK_BYTES));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
          // The pty's input buffer is full: the program is not reading. Back off.
          this.retryTimer = setTimeout(() => this.pumpInput(), this.retryMs);
          this.retryMs = Math.min(this.retryMs * 2, PTY_INPUT_RETRY_MAX_MS);
          return;
        }
        if (code !== 'EIO' && code !== 'EBADF') this.logError(`session ${this.id}: input write failed: ${(err as Error).message}`);
        this.dropInput();
        return;
      }
      this.retryMs = PTY_INPUT_RETRY_MIN_MS;
      this.inputBytes -= written;
      if (written >= head.length) this.input.shift();
      else this.input[0] = head.subarray(written);
    }
  }

  private dropInput(): void {
    this.input = [];
    this.inputBytes = 0;
  }

  /**
   * Called on the pty stream's 'end'. libuv ends a stream when poll reports POLLHUP after a short
   * read, but a pty master returns at most ~4 KiB per read, so on Linux the kernel may still hold the
   * last output of a process that just exited (node-pty issue #726). node-pty closes the fd right
   * after 'end'; until then, read it directly until EIO (the other side is closed: no more will come)
   * or EAGAIN, and hand the bytes to `deliver` as ordinary output.
   */
  drainAtEof(deliver: (data: Buffer) => void): void {
    if (this.fd === null || this.ptyClosed) return;
    const buf = Buffer.allocUnsafe(64 * 1024);
    let total = 0;
    while (total < PTY_EOF_DRAIN_MAX_BYTES) {
      let n: number;
      try {
        n = readSync(this.fd, buf, 0, buf.length, null);
      } catch {
        return; // EIO: all read. EAGAIN: nothing more now. Anything else: nothing more to get.
      }
      if (n <= 0) return;
      total += n;
      deliver(Buffer.from(buf.subarray(0, n)));
    }
  }

  /** The pty is closed (process ended): stop all input. */
  closePty(): void {
    this.ptyClosed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.dropInput();
  }
}
