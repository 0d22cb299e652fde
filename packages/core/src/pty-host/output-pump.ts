import type net from 'node:net';
import {
  DAEMON_SOCKET_HIGH_WATERMARK,
  DAEMON_STALL_TIMEOUT_MS,
  OUTPUT_BATCH_MS,
  OUTPUT_FLOOD_COALESCE_MS,
  OUTPUT_FRAME_MAX_PAYLOAD,
  OUTPUT_INTERACTIVE_MS,
  OUTPUT_LOG_BATCH_BYTES,
  OUTPUT_LOG_BATCH_MS,
  OUTPUT_LOG_WRITER_HIGH_WATERMARK,
  OUTPUT_TURN_MAX_BYTES,
} from '../constants.js';
import type { HeadlessPool } from './headless-pool.js';
import type { PauseReason, PtySession } from './pty-session.js';
import { encodeFrameHeaders, WIRE_TYPE } from './wire.js';

/** While a session is paused, how often to check whether its process has ended (see updatePollTimer). */
const PAUSED_EXIT_POLL_MS = 50;

export interface OutputPumpOptions {
  headless: HeadlessPool;
  /** Every session of the host. */
  sessions: () => Iterable<PtySession>;
  log: (message: string) => void;
}

/**
 * The host's output path. Per session: `offset += n` as bytes arrive, then the chunks collected go to
 * the output log, the daemon (frames of at most OUTPUT_FRAME_MAX_PAYLOAD) and the headless worker.
 *
 * When they go depends on what the output is. An answer to input (output within OUTPUT_INTERACTIVE_MS
 * of a key written to the session: an echo, a redraw) leaves at the end of the event-loop turn it was
 * read in (setImmediate). Other output (a program printing on its own: a build log, an agent at work)
 * is collected for OUTPUT_BATCH_MS, across every session, and leaves in one corked write: every flush
 * wakes the daemon, the log's thread pool and the clients, and on a loaded machine those wake-ups, not
 * the bytes, are what output costs. A pty hands out at most 4 KiB per read, so during a flood (see
 * FloodMeter) output is collected for OUTPUT_FLOOD_COALESCE_MS. The one timer exists only while
 * collected output waits: idle sessions cost nothing.
 *
 * Backpressure to the daemon: when more than DAEMON_SOCKET_HIGH_WATERMARK bytes wait on the daemon
 * socket, every pty is paused until 'drain'. We chose pausing over dropping frames (and telling the
 * daemon to resynchronise) because the daemon is a local process that reads as fast as we write: a
 * pause is short, it throttles a flood to what the daemon can take (as a slow terminal throttles
 * `yes`), the daemon never sees a gap in a stream, and host memory stays bounded by the watermark.
 * Two guards: a daemon stuck over the watermark for DAEMON_STALL_TIMEOUT_MS is disconnected (sessions
 * then run unforwarded), and a paused session whose process has ended is read to its end regardless,
 * because node-pty discards unread output 200 ms after the process exits.
 */
export class OutputPump {
  private daemon: net.Socket | null = null;
  private readonly dirty = new Set<PtySession>();
  private flushScheduled = false;
  private coalesceTimer: NodeJS.Timeout | null = null;
  private blocked = false;
  private stallTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  /** Sessions whose log holds output not yet written, and the one timer that writes them all. */
  private readonly logsHeld = new Set<PtySession>();
  private logTimer: NodeJS.Timeout | null = null;
  private readonly opts: OutputPumpOptions;

  constructor(opts: OutputPumpOptions) {
    this.opts = opts;
  }

  /** The socket output is forwarded to (null: output is logged and parsed, not forwarded). */
  setDaemon(socket: net.Socket | null): void {
    this.daemon = socket;
    this.setBlocked(false);
  }

  /** Bytes read from a session's pty. */
  onData(s: PtySession, data: Buffer): void {
    const n = data.length;
    if (n === 0) return;
    s.offset += n;
    s.turn.push(data);
    s.turnBytes += n;
    const flooding = s.flood.add(n, performance.now());
    if (s.turnBytes >= OUTPUT_TURN_MAX_BYTES) {
      // Enough for a turn: send it now rather than hold more in memory.
      this.flushSession(s);
      this.checkDaemonSocket();
      return;
    }
    this.dirty.add(s);
    if (this.flushScheduled) return;
    if (!flooding && performance.now() - s.lastInputAt < OUTPUT_INTERACTIVE_MS) {
      this.flushScheduled = true;
      setImmediate(this.flushAll);
    } else {
      this.coalesceTimer ??= setTimeout(this.flushAll, flooding ? OUTPUT_FLOOD_COALESCE_MS : OUTPUT_BATCH_MS);
    }
  }

  /** Sends every session's collected output now (before a reply that reports offsets). */
  flushPending(): void {
    if (this.dirty.size > 0) this.flushAll();
  }

  private readonly flushAll = (): void => {
    this.flushScheduled = false;
    if (this.coalesceTimer) clearTimeout(this.coalesceTimer);
    this.coalesceTimer = null;
    const socket = this.daemon;
    socket?.cork();
    for (const s of this.dirty) this.flushSession(s);
    this.dirty.clear();
    socket?.uncork();
    this.checkDaemonSocket();
  };

  /**
   * Pushes the session's output of this turn to the log, the daemon and the headless worker. The
   * chunks go as they were read, never concatenated: the log and the socket gather them with writev.
   */
  flushSession(s: PtySession): void {
    this.dirty.delete(s);
    if (s.turnBytes === 0) return;
    const chunks = s.turn;
    const bytes = s.turnBytes;
    const start = s.offset - bytes;
    s.turn = [];
    s.turnBytes = 0;

    try {
      // The log is written in batches: once per OUTPUT_LOG_BATCH_MS for all sessions, or at once when
      // a session holds OUTPUT_LOG_BATCH_BYTES (a flood). A write per flush was the largest cost of
      // busy sessions on the host's thread (see OUTPUT_LOG_BATCH_MS).
      for (const c of chunks) s.log.hold(c);
      if (s.log.pendingBytes >= OUTPUT_LOG_BATCH_BYTES) s.log.kick();
      else if (!this.logsHeld.has(s)) {
        this.logsHeld.add(s);
        this.logTimer ??= setTimeout(this.writeLogs, OUTPUT_LOG_BATCH_MS);
      }
      if (s.log.pendingBytes > OUTPUT_LOG_WRITER_HIGH_WATERMARK) this.pause(s, 'log');
    } catch (err) {
      this.opts.log(`session ${s.id}: output log append failed: ${(err as Error).message}`);
    }

    const socket = this.daemon;
    if (socket && !socket.destroyed && socket.writable) {
      socket.cork();
      writeOutputFrames(socket, s.id, start, chunks, bytes);
      socket.uncork();
    }

    this.opts.headless.feed(s.id, s.cols, s.rows, start, chunks);
  }

  private readonly writeLogs = (): void => {
    this.logTimer = null;
    for (const s of this.logsHeld) s.log.kick();
    this.logsHeld.clear();
  };

  /** Writes a session's held log output now (its process ended: the log is about to be closed). */
  releaseLog(s: PtySession): void {
    this.logsHeld.delete(s);
    s.log.kick();
  }

  /** Pauses a newly spawned session too when the daemon is not keeping up. */
  adopt(s: PtySession): void {
    if (this.blocked) this.pause(s, 'daemon');
  }

  /** A session's log writer has caught up. */
  logDrained(s: PtySession): void {
    // Called after every write: only a session paused for its log has anything to resume.
    if (!s.pauseReasons.has('log')) return;
    s.setPaused('log', false);
    this.updatePollTimer();
  }

  /** Call after writing to the daemon socket outside a flush. */
  checkDaemonSocket(): void {
    const socket = this.daemon;
    if (!socket || this.blocked) return;
    if (socket.writableLength <= DAEMON_SOCKET_HIGH_WATERMARK) return;
    this.setBlocked(true);
    socket.once('drain', () => {
      if (this.daemon === socket) this.setBlocked(false);
    });
  }

  stop(): void {
    if (this.coalesceTimer) clearTimeout(this.coalesceTimer);
    this.coalesceTimer = null;
    if (this.logTimer) clearTimeout(this.logTimer);
    this.logTimer = null;
    this.writeLogs();
    if (this.stallTimer) clearTimeout(this.stallTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.stallTimer = null;
    this.pollTimer = null;
  }

  private setBlocked(blocked: boolean): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    if (blocked === this.blocked) return;
    this.blocked = blocked;
    if (blocked) {
      const socket = this.daemon;
      this.stallTimer = setTimeout(() => {
        this.stallTimer = null;
        if (this.daemon !== socket || !this.blocked) return;
        this.opts.log(`the daemon has not read its socket for ${DAEMON_STALL_TIMEOUT_MS} ms: disconnecting it`);
        socket?.destroy();
      }, DAEMON_STALL_TIMEOUT_MS);
    }
    for (const s of this.opts.sessions()) {
      if (blocked) this.pause(s, 'daemon');
      else s.setPaused('daemon', false);
    }
    this.updatePollTimer();
  }

  private pause(s: PtySession, reason: PauseReason): void {
    if (!s.running) return;
    s.setPaused(reason, true);
    this.updatePollTimer();
  }

  /**
   * node-pty destroys a pty's stream 200 ms after its process exits, discarding output not read by
   * then, so a paused pty would lose its last output. While any session is paused, a timer checks
   * whether their processes still exist and reads the ended ones to their end. (Idle hosts have no
   * paused session, so this costs no wake-ups.)
   */
  private updatePollTimer(): void {
    let anyPaused = false;
    for (const s of this.opts.sessions()) if (s.isPaused) anyPaused = true;
    if (anyPaused && !this.pollTimer) {
      this.pollTimer = setInterval(() => {
        for (const s of this.opts.sessions()) {
          if (s.isPaused && !s.processAlive()) {
            s.pauseExempt = true;
            s.applyPause();
          }
        }
        this.updatePollTimer();
      }, PAUSED_EXIT_POLL_MS);
    } else if (!anyPaused && this.pollTimer) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
  }
}

/**
 * Writes `bytes` bytes of output (the chunks, in order) from stream offset `start` as frames of at
 * most OUTPUT_FRAME_MAX_PAYLOAD: each frame's headers, then views of its payload (no copy).
 */
function writeOutputFrames(socket: net.Socket, id: string, start: number, chunks: readonly Buffer[], bytes: number): void {
  let i = 0;
  let at = 0;
  for (let off = 0; off < bytes; ) {
    const len = Math.min(bytes - off, OUTPUT_FRAME_MAX_PAYLOAD);
    socket.write(encodeFrameHeaders(WIRE_TYPE.output, 'output', id, start + off, len));
    for (let need = len; need > 0; ) {
      const c = chunks[i]!;
      const take = Math.min(c.length - at, need);
      socket.write(at === 0 && take === c.length ? c : c.subarray(at, at + take));
      need -= take;
      at += take;
      if (at === c.length) {
        i++;
        at = 0;
      }
    }
    off += len;
  }
}
