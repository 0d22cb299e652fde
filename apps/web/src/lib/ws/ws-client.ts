import { decodeFrame, type ClientMessage, type ServerMessage } from '@codepiper/protocol';
import { LIVENESS_TIMEOUT_MS } from '../constants';
import { reconnectDelay } from './backoff';
import { InputQueue } from './input-queue';
import type { SocketLike, TimerHandle } from './socket-edge';
import { StreamAssembler } from './stream-assembler';
import {
  CLOSE_UNAUTHORIZED,
  type ConnectionState,
  type FeedMessage,
  type InputResult,
  type Presence,
  type SessionFeedMessage,
  type StreamHandle,
  type StreamHandlers,
  type WsClientOptions,
} from './ws-types';

interface AttachedStream {
  readonly session: string;
  readonly handlers: StreamHandlers;
  readonly assembler: StreamAssembler;
  cols: number | undefined;
  rows: number | undefined;
  /** This client controls the pty size (as last told by the daemon, or just requested). */
  inControl: boolean;
  ended: boolean;
}

/**
 * The tab's one WebSocket to the daemon: reconnects forever with capped back-off, resumes every
 * attached stream at its offset, keeps input typed while disconnected in order, answers pings, and
 * notices a socket that died silently while the phone slept.
 */
export class WsClient {
  private socket: SocketLike | undefined;
  private opened = false;
  private attempt = 0;
  private retryTimer: TimerHandle | undefined;
  private livenessTimer: TimerHandle | undefined;
  /** Bumped on every start/stop, so a late auth probe of an earlier run does nothing. */
  private generation = 0;
  private current: ConnectionState = { kind: 'idle' };
  private online = true;
  private readonly queue = new InputQueue();
  private readonly streams = new Map<string, AttachedStream>();
  private readonly feedListeners = new Set<(message: FeedMessage) => void>();
  private readonly changeListeners = new Set<() => void>();
  private presence: Presence | undefined;

  constructor(private readonly options: WsClientOptions) {}

  get state(): ConnectionState {
    return this.current;
  }

  get queuedInputs(): number {
    return this.queue.length;
  }

  get isOnline(): boolean {
    return this.online;
  }

  /** Called after every change of state or queue length. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  start(): void {
    if (this.current.kind !== 'idle' && this.current.kind !== 'unauthorized') return;
    this.generation++;
    this.attempt = 0;
    this.connect();
  }

  stop(): void {
    this.generation++;
    this.clearTimers();
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      detachSocket(socket);
      socket.close(1000, 'client stopped');
    }
    this.queue.drain();
    this.setState({ kind: 'idle' });
  }

  /** The tab became visible or the network came back: retry now, or check that the open socket lives. */
  wake(): void {
    if (this.current.kind === 'waiting') {
      this.clearTimers();
      this.connect();
    } else if (this.current.kind === 'open' && this.livenessTimer === undefined) {
      this.send({ type: 'ping', t: this.options.clock.now() });
      this.livenessTimer = this.options.clock.setTimeout(() => {
        this.livenessTimer = undefined;
        this.abandonSocket();
      }, LIVENESS_TIMEOUT_MS);
    }
  }

  setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.emitChange();
    if (online) this.wake();
  }

  /** Live session list: the full list now (when connected) and every change after it, across reconnects. */
  subscribeSessions(listener: (message: SessionFeedMessage) => void): () => void {
    return this.subscribeFeed((message) => {
      if (message.type !== 'approval' && message.type !== 'notification') listener(message);
    });
  }

  /**
   * The whole feed: the session messages, and after each `sessions` (a first subscription or a
   * reconnect) every pending approval, then every approval change. One subscription serves every listener.
   */
  subscribeFeed(listener: (message: FeedMessage) => void): () => void {
    const own = (message: FeedMessage): void => listener(message);
    this.feedListeners.add(own);
    if (this.feedListeners.size === 1) this.send({ type: 'subscribe-sessions' });
    return () => {
      this.feedListeners.delete(own);
      if (this.feedListeners.size === 0) this.send({ type: 'unsubscribe-sessions' });
    };
  }

  /**
   * What this page shows (the session in view, whether the tab is visible, this browser's push
   * endpoint): sent now when it changed, and again after every reconnect (the daemon forgets it with
   * the socket).
   */
  setPresence(presence: Presence): void {
    const previous = this.presence;
    this.presence = presence;
    if (previous && previous.session === presence.session && previous.visible === presence.visible && previous.endpoint === presence.endpoint) return;
    this.sendPresence();
  }

  attach(session: string, handlers: StreamHandlers, size?: { cols: number; rows: number }): StreamHandle {
    this.streams.get(session)?.handlers.detached?.('replaced');
    const stream: AttachedStream = {
      session,
      handlers,
      assembler: new StreamAssembler(),
      cols: size?.cols,
      rows: size?.rows,
      inControl: false,
      ended: false,
    };
    this.streams.set(session, stream);
    this.sendAttach(stream);
    const live = () => this.streams.get(session) === stream;
    return {
      session,
      get offset() {
        return stream.assembler.offset;
      },
      input: (data) => (live() ? this.sendInput(session, data) : 'refused'),
      resize: (cols, rows) => {
        if (!live() || (stream.cols === cols && stream.rows === rows)) return;
        stream.cols = cols;
        stream.rows = rows;
        if (!stream.ended) this.send({ type: 'resize', session, cols, rows });
      },
      takeControl: (cols, rows) => {
        if (!live() || stream.ended) return;
        stream.cols = cols;
        stream.rows = rows;
        stream.inControl = true;
        this.send({ type: 'take-control', session, cols, rows });
      },
      releaseControl: () => {
        if (!live() || stream.ended) return;
        stream.inControl = false;
        this.send({ type: 'release-control', session });
      },
      ack: (offset) => {
        if (live() && !stream.ended) this.send({ type: 'ack', session, offset });
      },
      detach: () => {
        if (!live()) return;
        this.streams.delete(session);
        this.queue.dropSession(session);
        this.send({ type: 'detach', session });
        this.emitChange();
      },
    };
  }

  // ---- connection --------------------------------------------------------------------------

  private connect(): void {
    this.clearTimers();
    const socket = this.options.createSocket(this.options.url());
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.opened = false;
    this.setState({ kind: 'connecting', attempt: this.attempt });
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.opened = true;
      this.setState({ kind: 'open' });
      this.resume();
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      this.onMessage(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.onClosed(event.code);
    };
    // Every error is followed by a close event, which is where the reconnect happens.
    socket.onerror = () => undefined;
  }

  /** A fresh socket is open: re-subscribe, re-attach every stream at its offset, then send queued input. */
  private resume(): void {
    this.sendPresence();
    if (this.feedListeners.size > 0) this.send({ type: 'subscribe-sessions' });
    for (const stream of this.streams.values()) if (!stream.ended) this.sendAttach(stream);
    const queued = this.queue.drain();
    for (const item of queued) for (const part of item.parts) this.send({ type: 'input', session: item.session, data: part });
    if (queued.length > 0) this.emitChange();
  }

  private onClosed(code: number): void {
    this.clearTimers();
    const wasOpen = this.opened;
    this.opened = false;
    if (code === CLOSE_UNAUTHORIZED) {
      this.unauthorized();
      return;
    }
    const probe = this.options.probeAuth;
    if (wasOpen || !probe) {
      this.scheduleRetry();
      return;
    }
    const generation = this.generation;
    void probe().then(
      (verdict) => {
        if (generation !== this.generation || this.socket !== undefined) return;
        if (verdict === 'unauthorized') this.unauthorized();
        else this.scheduleRetry();
      },
      () => {
        if (generation === this.generation && this.socket === undefined) this.scheduleRetry();
      },
    );
  }

  private scheduleRetry(): void {
    const delay = reconnectDelay(this.attempt, this.options.random ? { random: this.options.random } : {});
    const attempt = this.attempt;
    this.attempt++;
    this.setState({ kind: 'waiting', attempt, retryAt: this.options.clock.now() + delay });
    this.retryTimer = this.options.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  private unauthorized(): void {
    this.generation++;
    this.queue.drain();
    this.setState({ kind: 'unauthorized' });
    this.options.onUnauthorized?.();
  }

  /** The socket looks open but nothing came back: drop it without waiting for a close that may never come. */
  private abandonSocket(): void {
    const socket = this.socket;
    if (!socket) return;
    this.socket = undefined;
    detachSocket(socket);
    socket.close(4000, 'no answer');
    this.onClosed(1006);
  }

  private clearTimers(): void {
    if (this.retryTimer !== undefined) this.options.clock.clearTimeout(this.retryTimer);
    if (this.livenessTimer !== undefined) this.options.clock.clearTimeout(this.livenessTimer);
    this.retryTimer = undefined;
    this.livenessTimer = undefined;
  }

  // ---- messages ----------------------------------------------------------------------------

  private onMessage(data: unknown): void {
    if (this.livenessTimer !== undefined) {
      this.options.clock.clearTimeout(this.livenessTimer);
      this.livenessTimer = undefined;
    }
    if (typeof data === 'string') {
      let message: ServerMessage;
      try {
        message = JSON.parse(data) as ServerMessage;
      } catch {
        return;
      }
      if (message && typeof message === 'object' && typeof message.type === 'string') this.onJson(message);
      return;
    }
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data instanceof Uint8Array ? data : undefined;
    if (bytes) this.onFrame(bytes);
  }

  private onJson(message: ServerMessage): void {
    switch (message.type) {
      case 'hello':
        // The daemon accepted us: the next outage starts its back-off from the beginning.
        this.attempt = 0;
        return;
      case 'ping':
        this.send(message.t === undefined ? { type: 'pong' } : { type: 'pong', t: message.t });
        return;
      case 'pong':
        return;
      case 'sessions':
      case 'session':
      case 'session-removed':
      case 'approval':
      case 'notification':
        for (const listener of [...this.feedListeners]) listener(message);
        return;
      case 'attached': {
        this.streams.get(message.session.id)?.handlers.attached?.(message.session, message.offset);
        return;
      }
      case 'control': {
        const stream = this.streams.get(message.session);
        if (!stream) return;
        stream.inControl = message.you;
        stream.handlers.control?.({ controller: message.controller, you: message.you, cols: message.cols, rows: message.rows });
        return;
      }
      case 'exit': {
        const stream = this.streams.get(message.session);
        if (!stream) return;
        stream.ended = true;
        stream.inControl = false;
        this.queue.dropSession(message.session);
        stream.handlers.exit?.({ status: message.status, exitCode: message.exitCode, signal: message.signal, offset: message.offset });
        return;
      }
      case 'detached': {
        // 'reattached' answers our own re-attach; anything else means the daemon dropped the stream.
        if (message.reason === 'reattached') return;
        const stream = this.streams.get(message.session);
        if (!stream) return;
        this.streams.delete(message.session);
        this.queue.dropSession(message.session);
        stream.handlers.detached?.(message.reason);
        return;
      }
      case 'error': {
        if (message.session) this.streams.get(message.session)?.handlers.error?.(message.message, message.code);
        return;
      }
    }
  }

  private onFrame(bytes: Uint8Array): void {
    let frame;
    try {
      frame = decodeFrame(bytes);
    } catch {
      return;
    }
    const stream = this.streams.get(frame.sessionId);
    if (!stream) return;
    const step = frame.kind === 'snapshot' ? stream.assembler.snapshot(frame.offset, frame.payload) : frame.kind === 'output' ? stream.assembler.output(frame.offset, frame.payload) : undefined;
    if (!step) return;
    if (step.kind === 'reset') stream.handlers.reset(step.data, step.offset);
    else if (step.kind === 'write') stream.handlers.write(step.data, step.offset);
    else if (step.kind === 'gap') {
      // Cannot happen with a correct daemon; if it does, a snapshot repairs the screen.
      stream.assembler.forget();
      this.sendAttach(stream);
    }
  }

  // ---- sending -----------------------------------------------------------------------------

  private sendAttach(stream: AttachedStream): void {
    const from = stream.assembler.offset;
    const sized = stream.cols !== undefined && stream.rows !== undefined;
    this.send({
      type: 'attach',
      session: stream.session,
      flow: true,
      ...(from !== undefined ? { from } : {}),
      ...(sized ? { cols: stream.cols, rows: stream.rows } : {}),
      ...(sized && stream.inControl ? { control: true } : {}),
    });
  }

  private sendPresence(): void {
    const p = this.presence;
    if (p) this.send({ type: 'presence', session: p.session, visible: p.visible, ...(p.endpoint !== undefined ? { endpoint: p.endpoint } : {}) });
  }

  private sendInput(session: string, data: string | string[]): InputResult {
    const parts = typeof data === 'string' ? [data] : data;
    if (this.current.kind === 'open') {
      for (const part of parts) this.send({ type: 'input', session, data: part });
      return 'sent';
    }
    if (!this.queue.push({ session, parts })) return 'refused';
    this.emitChange();
    return 'queued';
  }

  private send(message: ClientMessage): boolean {
    const socket = this.socket;
    if (!socket || this.current.kind !== 'open') return false;
    socket.send(JSON.stringify(message));
    return true;
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    this.emitChange();
  }

  private emitChange(): void {
    for (const listener of [...this.changeListeners]) listener();
  }
}

function detachSocket(socket: SocketLike): void {
  socket.onopen = null;
  socket.onclose = null;
  socket.onmessage = null;
  socket.onerror = null;
}
