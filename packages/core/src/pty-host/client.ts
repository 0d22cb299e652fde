import { EventEmitter } from 'node:events';
import type net from 'node:net';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, FRAME_HEADER_BYTES, type ErrorCode } from '@codepiper/protocol';
import { PTY_HOST_REQUEST_TIMEOUT_MS } from '../constants.js';
import { CoreError } from '../errors.js';
import { homePaths } from '../home.js';
import { mismatchMessage, protocolMismatchError } from './protocol-mismatch.js';
import type { HostSession } from './pty-session.js';
import { spawnAndConnect, tryConnect } from './spawn-and-connect.js';
import {
  encodeJsonFrame,
  encodeProtocolWireFrame,
  PTY_HOST_PROTOCOL_VERSION,
  WIRE_TYPE,
  WireParser,
  type HelloResult,
  type SnapshotResult,
  type WireExitEvent,
  type WireFrame,
  type WireResponse,
} from './wire.js';

export interface PtyHostConnectOptions {
  /** The CODEPIPER home whose `ptyhost.sock` to use. */
  home: string;
  /** Start a host (detached) when none is running. */
  spawn?: boolean;
  /** The host entry script; defaults to dist/pty-host/main.js of this package. */
  mainPath?: string;
}

export interface PtySpawnOptions {
  /** Session id: 8 lowercase hex digits (the protocol frame's session field). */
  id: string;
  command: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
  /** Output log cap for this session (default OUTPUT_LOG_DEFAULT_CAP_BYTES). */
  logCapBytes?: number;
}

export interface HostExitInfo {
  exitCode: number | null;
  signal: string | null;
  offset: number;
  endedAt: string;
}

export interface HostSnapshot {
  /** The stream offset the serialized screen is valid at. */
  offset: number;
  /** The screen, serialized (UTF-8 ANSI), to be written to a reset terminal. */
  data: string;
  /** Raw output [offset, offset + pending.length) the host read since: write it after `data`. */
  pending: Buffer;
}

export interface PtyHostClientEvents {
  /**
   * Output of a session. `frame` is the protocol WebSocket frame (13-byte header + payload), ready to
   * forward; `payload` is a view of its bytes from `offset` on. The buffers are never reused.
   */
  output: [frame: Buffer, id: string, offset: number, payload: Buffer];
  exit: [id: string, info: HostExitInfo];
  /** The connection ended (closed by us, replaced by another daemon, or the host went away). */
  close: [];
}

interface PendingRequest {
  op: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const TWO_32 = 2 ** 32;

/** dist/pty-host/main.js, both when this file runs from dist/ and from src/ (tests). */
function defaultMainPath(): string {
  const here = fileURLToPath(import.meta.url);
  const rel = here.endsWith('.ts') ? '../../dist/pty-host/main.js' : './main.js';
  return fileURLToPath(new URL(rel, import.meta.url));
}

/**
 * The daemon's side of the pty host wire (see wire.ts). One client is one connection; connecting
 * replaces any other daemon connection to the same host.
 *
 * Ordering: events are emitted in wire order. A request's promise settles when its answer is parsed,
 * but its continuation runs after the output frames that followed the answer in the same socket read
 * have been emitted; use offsets, not event timing, to join a snapshot with the stream.
 */
export class PtyHostClient extends EventEmitter<PtyHostClientEvents> {
  readonly hostPid: number;
  readonly hostStartedAt: string;
  private readonly socket: net.Socket;
  private readonly pending = new Map<number, PendingRequest>();
  private nextId = 1;
  private closed = false;
  /** close() was called: frames still in flight are dropped (the daemon is shutting down its side). */
  private closing = false;

  private constructor(socket: net.Socket, hello: HelloResult) {
    super();
    this.socket = socket;
    this.hostPid = hello.pid;
    this.hostStartedAt = hello.startedAt;
  }

  /**
   * Connects to the home's pty host. When there is none and `spawn` is set, starts one detached
   * (its output appended to logs/ptyhost.log) and waits up to PTY_HOST_SPAWN_WAIT_MS for it.
   */
  static async connect(opts: PtyHostConnectOptions): Promise<PtyHostClient> {
    const paths = homePaths(opts.home);
    let socket = await tryConnect(paths.ptyHostSock);
    if (!socket) {
      if (!opts.spawn) throw new CoreError('daemon_unavailable', 'the pty host is not running');
      socket = await spawnAndConnect(opts.home, opts.mainPath ?? defaultMainPath());
    }
    try {
      return await PtyHostClient.handshake(socket);
    } catch (err) {
      socket.destroy();
      throw protocolMismatchError(err, paths.ptyHostPid) ?? err;
    }
  }

  private static handshake(socket: net.Socket): Promise<PtyHostClient> {
    // The hello exchange happens before the client exists: parse its answer by hand.
    return new Promise((resolve, reject) => {
      const parser = new WireParser();
      const timer = setTimeout(() => {
        cleanup();
        reject(new CoreError('daemon_unavailable', 'the pty host did not answer hello'));
      }, PTY_HOST_REQUEST_TIMEOUT_MS);
      const onClose = (): void => {
        cleanup();
        reject(new CoreError('daemon_unavailable', 'the pty host closed the connection during hello'));
      };
      const onData = (chunk: Buffer): void => {
        let frames: WireFrame[];
        try {
          frames = parser.push(chunk);
        } catch (err) {
          cleanup();
          reject(new CoreError('daemon_unavailable', `bad answer from the pty host: ${(err as Error).message}`));
          return;
        }
        if (frames.length === 0) return;
        cleanup();
        const [first, ...rest] = frames;
        let msg: WireResponse;
        try {
          msg = JSON.parse(first!.body.toString('utf8')) as WireResponse;
        } catch {
          reject(new CoreError('daemon_unavailable', 'bad hello answer from the pty host'));
          return;
        }
        if (first!.type !== WIRE_TYPE.json || msg.id !== 0) {
          reject(new CoreError('daemon_unavailable', 'unexpected hello answer from the pty host'));
          return;
        }
        if (!msg.ok) {
          reject(toCoreError(msg.error));
          return;
        }
        const hello = msg.result as HelloResult;
        if (hello.version !== PTY_HOST_PROTOCOL_VERSION) {
          // A host that accepted our hello but speaks another version: same refusal as the host's own.
          reject(new CoreError('bad_request', mismatchMessage(hello.version, PTY_HOST_PROTOCOL_VERSION)));
          return;
        }
        const client = new PtyHostClient(socket, hello);
        client.attach(parser, rest);
        resolve(client);
      };
      const cleanup = (): void => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('close', onClose);
      };
      socket.on('error', () => undefined);
      socket.on('data', onData);
      socket.on('close', onClose);
      socket.write(encodeJsonFrame({ id: 0, op: 'hello', version: PTY_HOST_PROTOCOL_VERSION }));
    });
  }

  private attach(parser: WireParser, already: WireFrame[]): void {
    // Frames that arrived with the hello answer are delivered once the caller's continuation of
    // connect() has run (setImmediate comes after promise jobs), so its listeners see them.
    const backlog = already;
    const onData = (chunk: Buffer): void => {
      if (this.closing) return;
      let frames: WireFrame[];
      try {
        frames = parser.push(chunk);
      } catch {
        this.socket.destroy();
        return;
      }
      for (const f of frames) this.onFrame(f);
    };
    if (backlog.length > 0) {
      this.socket.pause();
      setImmediate(() => {
        for (const f of backlog) this.onFrame(f);
        this.socket.resume();
      });
    }
    this.socket.on('data', onData);
    this.socket.on('close', () => this.onClose());
  }

  // -------------------------------------------------------------------------------------------------
  // API
  // -------------------------------------------------------------------------------------------------

  /** Starts a session. Rejects with conflict (id exists) or bad_request (e.g. command not found). */
  async spawn(o: PtySpawnOptions): Promise<{ pid: number }> {
    const result = await this.request('spawn', {
      session: o.id,
      command: o.command,
      cwd: o.cwd,
      env: o.env,
      cols: o.cols,
      rows: o.rows,
      logCapBytes: o.logCapBytes,
    });
    return result as { pid: number };
  }

  /** Input for a session, written in order; the host chunks large writes. Dropped when disconnected. */
  write(id: string, data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (bytes.length === 0) return;
    let frame: Buffer;
    try {
      frame = encodeProtocolWireFrame(WIRE_TYPE.input, 'input', id, 0, bytes);
    } catch (err) {
      throw new CoreError('bad_request', (err as Error).message);
    }
    this.send(frame);
  }

  resize(id: string, cols: number, rows: number): void {
    this.send(encodeJsonFrame({ op: 'resize', session: id, cols, rows }));
  }

  /** Sends a signal to the session's process group (fire and forget). */
  signal(id: string, signal: NodeJS.Signals): void {
    this.send(encodeJsonFrame({ op: 'signal', session: id, signal }));
  }

  /** The session's screen as of an offset, plus the raw bytes read since (see architecture.md). */
  async snapshot(id: string, opts: { scrollback?: number } = {}): Promise<HostSnapshot> {
    const r = (await this.request('snapshot', { session: id, scrollback: opts.scrollback })) as SnapshotResult;
    return { offset: r.offset, data: r.data, pending: Buffer.from(r.pending, 'base64') };
  }

  /** Running sessions and ended ones not yet forgotten. */
  async list(): Promise<HostSession[]> {
    return (await this.request('list', {})) as HostSession[];
  }

  /** Drops an ended session's record (after the daemon has persisted its exit). */
  async forget(id: string): Promise<void> {
    await this.request('forget', { session: id });
  }

  /** Kills every session and stops the host; resolves once the host has closed the connection. */
  async shutdown(): Promise<void> {
    await this.request('shutdown', {}, PTY_HOST_REQUEST_TIMEOUT_MS * 2);
    if (this.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.socket.destroy();
        resolve();
      }, PTY_HOST_REQUEST_TIMEOUT_MS);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Disconnects; the host and its sessions keep running. */
  close(): void {
    if (this.closed) return;
    // An exit reported after this is recorded by the next daemon to connect (the host keeps it until
    // then); delivering it here would reach a daemon that has closed its database.
    this.closing = true;
    this.socket.end();
    // A host that does not close its side promptly is not waited for.
    setTimeout(() => this.socket.destroy(), 1_000).unref();
  }

  get connected(): boolean {
    return !this.closed;
  }

  // -------------------------------------------------------------------------------------------------

  private send(buf: Buffer): void {
    if (this.closed || this.socket.destroyed) return;
    this.socket.write(buf);
  }

  private request(op: string, fields: Record<string, unknown>, timeoutMs = PTY_HOST_REQUEST_TIMEOUT_MS): Promise<unknown> {
    if (this.closed) return Promise.reject(new CoreError('daemon_unavailable', 'not connected to the pty host'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CoreError('daemon_unavailable', `the pty host did not answer ${op} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { op, resolve, reject, timer });
      this.socket.write(encodeJsonFrame({ ...fields, id, op }));
    });
  }

  private onFrame(f: WireFrame): void {
    if (f.type === WIRE_TYPE.output) {
      const body = f.body;
      if (body.length < FRAME_HEADER_BYTES) return;
      const id = body.readUInt32BE(1).toString(16).padStart(8, '0');
      const offset = body.readUInt32BE(5) * TWO_32 + body.readUInt32BE(9);
      this.emit('output', body, id, offset, body.subarray(FRAME_HEADER_BYTES));
      return;
    }
    if (f.type !== WIRE_TYPE.json) return;
    let msg: (WireResponse & { event?: undefined }) | WireExitEvent;
    try {
      msg = JSON.parse(f.body.toString('utf8'));
    } catch {
      return;
    }
    if ('event' in msg && msg.event === 'exit') {
      const { session, exitCode, signal, offset, endedAt } = msg;
      this.emit('exit', session, { exitCode, signal, offset, endedAt });
      return;
    }
    const res = msg as WireResponse;
    const p = this.pending.get(res.id);
    if (!p) return;
    this.pending.delete(res.id);
    clearTimeout(p.timer);
    if (res.ok) p.resolve(res.result);
    else p.reject(toCoreError(res.error));
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new CoreError('daemon_unavailable', `the pty host connection closed before answering ${p.op}`));
    }
    this.pending.clear();
    this.emit('close');
  }
}

function toCoreError(error: { code?: unknown; message?: unknown } | undefined): CoreError {
  const code = typeof error?.code === 'string' && (ERROR_CODES as readonly string[]).includes(error.code) ? (error.code as ErrorCode) : 'internal';
  return new CoreError(code, typeof error?.message === 'string' ? error.message : 'pty host error');
}
