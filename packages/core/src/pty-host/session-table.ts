import { mkdirSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import nodePty from 'node-pty';
import { LIMITS } from '@codepiper/protocol';
import { PTY_HOST_KILL_GRACE_MS, PTY_HOST_KILL_WAIT_MS, SNAPSHOT_DEFAULT_SCROLLBACK } from '../constants.js';
import { CoreError } from '../errors.js';
import type { HomePaths } from '../home.js';
import { OutputLogWriter, removeExitRecord, writeExitRecord } from '../output-log/index.js';
import { HeadlessPool } from './headless-pool.js';
import { OutputPump } from './output-pump.js';
import { PtySession, type HostSession } from './pty-session.js';
import { isDirectory, resolveExecutable } from './resolve-executable.js';
import { intField, parseSpawnRequest, type WireRequest } from './spawn-request.js';
import type { SnapshotResult, WireExitEvent } from './wire.js';

const SIGNAL_NAMES = new Map<number, string>(
  Object.entries(osConstants.signals).map(([name, num]) => [num as number, name]),
);

export interface SessionTableOptions {
  paths: HomePaths;
  workerUrl: URL;
  log: (message: string) => void;
  /** A session ended and its exit is recorded: tell the daemon. */
  onExit: (event: WireExitEvent) => void;
  /** The number of running (or starting) sessions may have changed. */
  onRunningChanged: () => void;
}

/** The host's sessions: their ptys, output path, headless terminals, and the requests about them. */
export class SessionTable {
  private readonly sessions = new Map<string, PtySession>();
  /** Ids whose spawn is in progress. */
  private readonly reserved = new Set<string>();
  private readonly headless: HeadlessPool;
  readonly pump: OutputPump;
  private closing = false;
  private readonly opts: SessionTableOptions;

  constructor(opts: SessionTableOptions) {
    this.opts = opts;
    this.headless = new HeadlessPool({
      workerUrl: opts.workerUrl,
      flushTurn: (id) => {
        const s = this.sessions.get(id);
        if (s) this.pump.flushSession(s);
      },
      offsetOf: (id) => this.sessions.get(id)?.offset ?? 0,
      log: opts.log,
    });
    this.pump = new OutputPump({ headless: this.headless, sessions: () => this.sessions.values(), log: opts.log });
  }

  /** Running sessions plus spawns in progress. */
  runningCount(): number {
    let n = this.reserved.size;
    for (const s of this.sessions.values()) if (s.running) n++;
    return n;
  }

  list(): HostSession[] {
    // Output still collected for a batch goes out first: the reply then follows every frame of the
    // bytes its offsets count, so a daemon never sees a frame from before an offset it was given.
    this.pump.flushPending();
    return [...this.sessions.values()].map((s) => s.info());
  }

  /** Input for a session; input for one that has just ended is a normal race and is dropped. */
  write(id: string, data: Uint8Array): void {
    this.sessions.get(id)?.write(data);
  }

  async spawn(msg: WireRequest): Promise<{ pid: number }> {
    if (this.closing) throw new CoreError('daemon_unavailable', 'the pty host is shutting down');
    const req = parseSpawnRequest(msg);
    const { id, command, cwd, env } = req;
    if (this.sessions.has(id) || this.reserved.has(id)) throw new CoreError('conflict', `session ${id} already exists`);
    if (!isDirectory(cwd)) throw new CoreError('bad_request', `working directory does not exist: ${cwd}`);
    if (!resolveExecutable(command[0]!, cwd, env)) throw new CoreError('bad_request', `command not found: ${command[0]}`);

    this.reserved.add(id);
    let log: OutputLogWriter | null = null;
    try {
      const dir = this.opts.paths.sessionDir(id);
      // A directory made just now holds no exit record and no log to look for. Synchronous: the
      // daemon's create waits for this reply either way, and each trip through the thread pool adds
      // a wake-up of this loop to that wait (up to a millisecond on a busy machine).
      const fresh = mkdirSync(dir, { recursive: true, mode: 0o700 }) !== undefined;
      if (!fresh) await removeExitRecord(dir);
      let session: PtySession | null = null;
      log = await OutputLogWriter.open(dir, {
        fresh,
        startOffset: 0,
        capBytes: req.logCapBytes,
        onError: (err) => this.opts.log(`session ${id}: output log write failed: ${err.message}`),
        onDrain: () => {
          if (session) this.pump.logDrained(session);
        },
      });
      if (this.closing) throw new CoreError('daemon_unavailable', 'the pty host is shutting down');
      let pty;
      try {
        pty = nodePty.spawn(command[0]!, command.slice(1), {
          name: 'xterm-256color',
          cols: req.cols,
          rows: req.rows,
          cwd,
          env,
          encoding: null,
        });
      } catch (err) {
        throw new CoreError('bad_request', `cannot start ${command[0]}: ${(err as Error).message}`);
      }
      const s = new PtySession({ id, command, cwd, dir, cols: req.cols, rows: req.rows, pty, log, logError: this.opts.log });
      session = s;
      this.sessions.set(id, s);
      this.pump.adopt(s);
      pty.onData((data) => this.pump.onData(s, data as unknown as Buffer));
      // node-pty forwards other events to its stream ('end' is not in its typings): see drainAtEof.
      (pty as unknown as { on(event: 'end', fn: () => void): void }).on('end', () =>
        s.drainAtEof((data) => this.pump.onData(s, data)),
      );
      pty.onExit(({ exitCode, signal }) => {
        this.onExit(s, exitCode, signal).catch((err) => this.opts.log(`session ${id}: exit handling failed: ${err?.stack ?? err}`));
      });
      this.opts.log(`session ${id} started: pid ${s.pid}, ${command[0]}`);
      return { pid: s.pid };
    } catch (err) {
      if (log && !this.sessions.has(id)) await log.close().catch(() => undefined);
      throw err;
    } finally {
      this.reserved.delete(id);
      this.opts.onRunningChanged();
    }
  }

  resize(msg: WireRequest): void {
    const s = this.running(msg.session);
    const cols = intField(msg, 'cols', LIMITS.minCols, LIMITS.maxCols);
    const rows = intField(msg, 'rows', LIMITS.minRows, LIMITS.maxRows);
    // In order with the data: what was read before the resize is parsed at the old size.
    this.pump.flushSession(s);
    this.pump.checkDaemonSocket();
    try {
      s.pty.resize(cols, rows);
    } catch (err) {
      throw new CoreError('session_ended', `cannot resize session ${s.id}: ${(err as Error).message}`);
    }
    s.cols = cols;
    s.rows = rows;
    this.headless.resize(s.id, cols, rows);
  }

  signal(msg: WireRequest): void {
    const s = this.running(msg.session);
    const signal = msg.signal;
    if (typeof signal !== 'string' || !(signal in osConstants.signals)) {
      throw new CoreError('bad_request', `unknown signal ${String(signal)}`);
    }
    if (!s.kill(signal as NodeJS.Signals)) throw new CoreError('session_ended', `session ${s.id} has ended`);
  }

  /** `done` runs synchronously with computing `pending` (see HeadlessPool.snapshot). */
  snapshot(msg: WireRequest, done: (err: Error | null, result?: SnapshotResult) => void): void {
    const s = this.get(msg.session);
    const scrollback =
      msg.scrollback === undefined || msg.scrollback === null ? SNAPSHOT_DEFAULT_SCROLLBACK : intField(msg, 'scrollback', 0, 1_000_000);
    this.headless.snapshot(s.id, scrollback, (err, snap) => {
      if (err || !snap) {
        done(err instanceof CoreError ? err : new CoreError('internal', err?.message ?? 'snapshot failed'));
        return;
      }
      done(null, { offset: snap.offset, data: snap.data, pending: snap.pending.toString('base64') });
    });
  }

  forget(msg: WireRequest): void {
    const s = this.get(msg.session);
    if (s.running) throw new CoreError('conflict', `session ${s.id} is still running`);
    this.sessions.delete(s.id);
    this.headless.close(s.id);
  }

  /** Kills every session (SIGHUP to its group, SIGKILL after a grace period) and records their exits. */
  async closeAll(): Promise<void> {
    this.closing = true;
    let running = [...this.sessions.values()].filter((s) => s.running);
    for (const s of running) {
      // Read their last output even if the daemon is not reading.
      s.pauseExempt = true;
      s.applyPause();
      s.kill('SIGHUP');
    }
    await waitForExits(running, PTY_HOST_KILL_GRACE_MS);
    running = running.filter((s) => s.running);
    for (const s of running) s.kill('SIGKILL');
    await waitForExits(running, PTY_HOST_KILL_WAIT_MS);
    for (const s of this.sessions.values()) {
      if (s.running) this.opts.log(`session ${s.id} (pid ${s.pid}) did not report its exit`);
      await s.log.close().catch(() => undefined);
    }
    this.pump.stop();
    await this.headless.shutdown();
  }

  private get(id: unknown): PtySession {
    if (typeof id !== 'string') throw new CoreError('bad_request', 'session must be a string');
    const s = this.sessions.get(id);
    if (!s) throw new CoreError('not_found', `no session ${id}`);
    return s;
  }

  private running(id: unknown): PtySession {
    const s = this.get(id);
    if (!s.running) throw new CoreError('session_ended', `session ${s.id} has ended`);
    return s;
  }

  private async onExit(s: PtySession, exitCode: number, signal: number | undefined): Promise<void> {
    // Everything read before the exit goes out before the exit event.
    this.pump.flushSession(s);
    this.pump.checkDaemonSocket();
    s.closePty();
    const signalName = signal ? (SIGNAL_NAMES.get(signal) ?? `SIG${signal}`) : null;
    const record = {
      exitCode: signalName ? null : exitCode,
      signal: signalName,
      offset: s.offset,
      endedAt: new Date().toISOString(),
    };
    this.pump.releaseLog(s);
    try {
      await s.log.close();
    } catch (err) {
      this.opts.log(`session ${s.id}: closing its output log failed: ${(err as Error).message}`);
    }
    try {
      await writeExitRecord(s.dir, record);
    } catch (err) {
      this.opts.log(`session ${s.id}: writing exit.json failed: ${(err as Error).message}`);
    }
    // Only now does `list` show it ended: its exit.json exists by the time anyone can forget it.
    s.markEnded(record);
    this.opts.log(`session ${s.id} ended: ${record.signal ?? `exit ${record.exitCode}`} at offset ${record.offset}`);
    this.opts.onExit({ event: 'exit', session: s.id, ...record });
    this.opts.onRunningChanged();
  }
}

function waitForExits(sessions: PtySession[], ms: number): Promise<void> {
  if (sessions.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    Promise.all(sessions.map((s) => s.exited)).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
