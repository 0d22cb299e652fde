import { chmod, readFile, unlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { decodeFrame } from '@codepiper/protocol';
import { PTY_HOST_IDLE_EXIT_MS } from '../constants.js';
import { CoreError } from '../errors.js';
import { homePaths, type HomePaths } from '../home.js';
import { SessionTable } from './session-table.js';
import { toWireError, type WireRequest } from './spawn-request.js';
import { mismatchMessage } from './protocol-mismatch.js';
import {
  encodeJsonFrame,
  PTY_HOST_PROTOCOL_VERSION,
  WIRE_TYPE,
  WireParser,
  type HelloResult,
  type WireFrame,
} from './wire.js';

/** Closes the daemon's socket after the shutdown answer even if it never finishes flushing. */
const SHUTDOWN_FLUSH_MS = 2_000;

class HostConnection {
  readonly socket: net.Socket;
  readonly parser = new WireParser();
  hello = false;
  constructor(socket: net.Socket) {
    this.socket = socket;
  }
  send(buf: Uint8Array): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(buf);
  }
  get alive(): boolean {
    return !this.socket.destroyed;
  }
}

export interface PtyHostServerOptions {
  home: string;
  /** The headless worker script; defaults to headless-worker.js beside this file. */
  workerUrl?: URL;
  log?: (message: string) => void;
  /** Called once the host has stopped (after shutdown or idle exit): the process should exit. */
  onStopped?: () => void;
}

/**
 * The pty host: owns every node-pty, its output log and headless terminal, and serves one daemon
 * connection at a time over `ptyhost.sock`. A new connection that says hello replaces the previous
 * one: that is how a restarted daemon takes over. Bad requests get error answers, never a crash.
 */
export class PtyHostServer {
  readonly pid = process.pid;
  readonly startedAt = new Date().toISOString();
  private readonly paths: HomePaths;
  private readonly logMessage: (message: string) => void;
  private readonly onStopped: () => void;
  private server: net.Server | null = null;
  private readonly sessions: SessionTable;
  private daemon: HostConnection | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private shutdownPromise: Promise<void> | null = null;
  private stopped = false;

  constructor(opts: PtyHostServerOptions) {
    this.paths = homePaths(opts.home);
    this.logMessage = opts.log ?? ((m) => console.error(`${new Date().toISOString()} pty-host[${process.pid}] ${m}`));
    this.onStopped = opts.onStopped ?? (() => undefined);
    this.sessions = new SessionTable({
      paths: this.paths,
      workerUrl: opts.workerUrl ?? new URL('./headless-worker.js', import.meta.url),
      log: (m) => this.log(m),
      onExit: (event) => this.daemon?.send(encodeJsonFrame(event)),
      onRunningChanged: () => this.checkIdle(),
    });
  }

  log(message: string): void {
    this.logMessage(message);
  }

  /**
   * Listens on the socket (mode 0600, a stale socket file replaced) and writes the pid file. Returns
   * false, without listening, when another host already answers on the socket.
   */
  async listen(): Promise<boolean> {
    const sock = this.paths.ptyHostSock;
    if (await isListening(sock)) return false;
    await unlink(sock).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    const server = net.createServer((socket) => this.onConnection(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // The socket is the authority over every session: no window where it is group/world accessible.
      const oldMask = process.umask(0o177);
      try {
        server.listen(sock, () => {
          server.off('error', reject);
          resolve();
        });
      } finally {
        process.umask(oldMask);
      }
    });
    server.on('error', (err) => this.log(`server error: ${err.stack ?? err}`));
    await chmod(sock, 0o600);
    await writeFile(this.paths.ptyHostPid, `${process.pid}\n`, { mode: 0o600 });
    this.log(`listening on ${sock}`);
    this.checkIdle();
    return true;
  }

  // -------------------------------------------------------------------------------------------------
  // Connections and requests
  // -------------------------------------------------------------------------------------------------

  private onConnection(socket: net.Socket): void {
    if (this.stopped || this.shutdownPromise) {
      socket.destroy();
      return;
    }
    const conn = new HostConnection(socket);
    socket.on('data', (chunk: Buffer) => {
      let frames: WireFrame[];
      try {
        frames = conn.parser.push(chunk);
      } catch (err) {
        this.log(`dropping a connection: ${(err as Error).message}`);
        socket.destroy();
        return;
      }
      for (const f of frames) {
        if (!conn.alive) return;
        try {
          this.onFrame(conn, f);
        } catch (err) {
          this.log(`frame handling failed: ${(err as Error).stack ?? err}`);
        }
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') this.log(`connection error: ${err.message}`);
    });
    socket.on('close', () => {
      if (this.daemon !== conn) return;
      this.daemon = null;
      this.sessions.pump.setDaemon(null);
      this.log('daemon disconnected');
      this.checkIdle();
    });
  }

  private onFrame(conn: HostConnection, frame: WireFrame): void {
    if (frame.type === WIRE_TYPE.input) {
      if (conn === this.daemon) this.onInput(frame.body);
      return;
    }
    if (frame.type !== WIRE_TYPE.json) {
      this.log(`ignoring a wire frame of type ${frame.type}`);
      return;
    }
    let msg: WireRequest;
    try {
      msg = JSON.parse(frame.body.toString('utf8')) as WireRequest;
    } catch {
      this.log('ignoring a JSON frame that does not parse');
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      this.log('ignoring a JSON frame that is not an object');
      return;
    }
    const id = typeof msg.id === 'number' && Number.isSafeInteger(msg.id) ? msg.id : null;
    const reply = (result: unknown): void => {
      if (id !== null) conn.send(encodeJsonFrame({ id, ok: true, result }));
    };
    const fail = (err: unknown): void => {
      const { code, message } = toWireError(err);
      if (code === 'internal') this.log(`${String(msg.op)} failed: ${(err as Error)?.stack ?? err}`);
      if (id !== null) conn.send(encodeJsonFrame({ id, ok: false, error: { code, message } }));
      else if (code !== 'not_found' && code !== 'session_ended') this.log(`${String(msg.op)}: ${message}`);
    };

    if (msg.op === 'hello') {
      try {
        reply(this.hello(conn, msg));
      } catch (err) {
        fail(err);
      }
      return;
    }
    if (!conn.hello || conn !== this.daemon) {
      fail(new CoreError('bad_request', 'say hello first'));
      return;
    }
    switch (msg.op) {
      case 'snapshot':
        // Answered from the worker's callback, synchronously with computing `pending`, so that no
        // output frame can slip between the answer and the offset it promises.
        try {
          this.sessions.snapshot(msg, (err, result) => (err ? fail(err) : reply(result)));
        } catch (err) {
          fail(err);
        }
        return;
      case 'shutdown':
        this.shutdown('requested by the daemon').then(() => {
          reply({});
          // Exit once the answer (and everything before it) has reached the daemon.
          const fallback = setTimeout(() => this.stop(), SHUTDOWN_FLUSH_MS);
          conn.socket.end(() => {
            clearTimeout(fallback);
            this.stop();
          });
        }, fail);
        return;
      default:
        this.handle(msg).then(reply, fail);
    }
  }

  private hello(conn: HostConnection, msg: WireRequest): HelloResult {
    if (msg.version !== PTY_HOST_PROTOCOL_VERSION) {
      throw new CoreError('bad_request', mismatchMessage(PTY_HOST_PROTOCOL_VERSION, String(msg.version)));
    }
    if (this.shutdownPromise) throw new CoreError('daemon_unavailable', 'the pty host is shutting down');
    const old = this.daemon;
    conn.hello = true;
    this.daemon = conn;
    this.sessions.pump.setDaemon(conn.socket);
    if (old && old !== conn) {
      this.log('a new daemon connection replaces the previous one');
      old.socket.destroy();
    }
    this.checkIdle();
    return { version: PTY_HOST_PROTOCOL_VERSION, pid: this.pid, startedAt: this.startedAt };
  }

  private onInput(body: Buffer): void {
    let frame;
    try {
      frame = decodeFrame(body);
    } catch (err) {
      this.log(`ignoring a bad input frame: ${(err as Error).message}`);
      return;
    }
    if (frame.kind === 'input') this.sessions.write(frame.sessionId, frame.payload);
  }

  private async handle(msg: WireRequest): Promise<unknown> {
    switch (msg.op) {
      case 'spawn':
        return this.sessions.spawn(msg);
      case 'resize':
        this.sessions.resize(msg);
        return {};
      case 'signal':
        this.sessions.signal(msg);
        return {};
      case 'list':
        return this.sessions.list();
      case 'forget':
        this.sessions.forget(msg);
        return {};
      default:
        throw new CoreError('bad_request', `unknown op ${String(msg.op)}`);
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Lifetime
  // -------------------------------------------------------------------------------------------------

  /** Exits after PTY_HOST_IDLE_EXIT_MS with no daemon and no running session. */
  private checkIdle(): void {
    const idle = !this.daemon && this.sessions.runningCount() === 0 && !this.shutdownPromise && !this.stopped;
    if (!idle) {
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = null;
      return;
    }
    if (this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.daemon || this.sessions.runningCount() > 0 || this.shutdownPromise || this.stopped) return;
      this.log('no daemon and no running session: exiting');
      this.shutdown('idle').then(
        () => this.stop(),
        () => this.stop(),
      );
    }, PTY_HOST_IDLE_EXIT_MS);
  }

  /** Kills every session (SIGHUP to its group, SIGKILL after a grace period) and records their exits. */
  shutdown(reason: string): Promise<void> {
    if (!this.shutdownPromise) {
      this.log(`shutting down (${reason})`);
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = null;
      this.shutdownPromise = this.sessions.closeAll();
    }
    return this.shutdownPromise;
  }

  /** Closes the socket, removes the socket and pid files, and calls onStopped. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.sessions.pump.stop();
    this.server?.close();
    const removeFiles = async (): Promise<void> => {
      await unlink(this.paths.ptyHostSock).catch(() => undefined);
      const pid = await readFile(this.paths.ptyHostPid, 'utf8').catch(() => '');
      if (pid.trim() === String(process.pid)) await unlink(this.paths.ptyHostPid).catch(() => undefined);
    };
    removeFiles().finally(() => {
      this.log('stopped');
      this.onStopped();
    });
  }
}

/** Whether a live process accepts connections on `path` (a stale socket file refuses them). */
function isListening(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
