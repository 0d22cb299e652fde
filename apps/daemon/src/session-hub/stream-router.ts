import { encodeFrame, LIMITS, type ServerMessage, type Session } from '@codepiper/protocol';
import type { PtyHostClient, SessionRecord } from '@codepiper/core';
import {
  ACTIVITY_BROADCAST_INTERVAL_MS,
  CLIENT_LOW_WATERMARK,
  OUTPUT_RING_BYTES,
  SNAPSHOT_FAILURES_REPORTED_AFTER,
  SNAPSHOT_RETRY_MS,
  SNAPSHOT_SCROLLBACK_ROWS,
} from '../constants.js';
import { DaemonError } from '../errors.js';
import type { ClientLink } from './client-link.js';
import { readEndedScreen } from './ended-screen.js';
import { OutputRing } from './output-ring.js';
import { Subscription } from './subscription.js';

/** In-memory state of a running session: its stream position, recent output and attached clients. */
export interface LiveSession {
  readonly id: string;
  offset: number;
  readonly ring: OutputRing;
  readonly subs: Set<Subscription>;
  controller: Subscription | null;
  cols: number;
  rows: number;
  lastActivity: number | null;
  /** When the session list last heard of this session's activity (see ACTIVITY_BROADCAST_INTERVAL_MS). */
  activityAnnouncedAt: number;
  running: boolean;
  readonly exitWaiters: Array<() => void>;
}

export interface AttachOptions {
  from?: number;
  cols?: number;
  rows?: number;
  control?: boolean;
  readOnly?: boolean;
  flow?: boolean;
}

export interface StreamRouterOptions {
  host: () => Promise<PtyHostClient>;
  record: (id: string) => SessionRecord | undefined;
  resolveRef: (ref: string) => SessionRecord;
  describe: (record: SessionRecord) => Session;
  sessionDir: (id: string) => string;
  log: (message: string) => void;
}

/**
 * The corridor output walks inside the daemon: host frame → ring → every attached client, with per
 * client flow control, snapshot resync, and the rule for who controls the pty size.
 */
export class StreamRouter {
  readonly live = new Map<string, LiveSession>();
  private readonly listSubscribers = new Set<ClientLink>();
  private readonly clientSubs = new Map<ClientLink, Map<string, Subscription>>();

  constructor(private readonly options: StreamRouterOptions) {}

  // ---- sessions ------------------------------------------------------------------------------

  open(id: string, offset: number, cols: number, rows: number): LiveSession {
    const session: LiveSession = {
      id,
      offset,
      ring: new OutputRing(OUTPUT_RING_BYTES, offset),
      subs: new Set(),
      controller: null,
      cols,
      rows,
      lastActivity: null,
      activityAnnouncedAt: 0,
      running: true,
      exitWaiters: [],
    };
    this.live.set(id, session);
    return session;
  }

  /** The session's process is gone: attached clients get its last screen and the exit message. */
  end(id: string, finalOffset: number): void {
    const session = this.live.get(id);
    if (!session) return;
    session.running = false;
    session.offset = Math.max(session.offset, finalOffset);
    this.live.delete(id);
    const record = this.options.record(id);
    for (const sub of session.subs) void this.finish(sub, record);
    for (const resolveWaiter of session.exitWaiters.splice(0)) resolveWaiter();
  }

  waitForEnd(id: string): Promise<void> {
    const session = this.live.get(id);
    if (!session?.running) return Promise.resolve();
    return new Promise((resolveEnd) => session.exitWaiters.push(resolveEnd));
  }

  /** Hot path: called for every output frame the pty host forwards. */
  onOutput(frame: Uint8Array, id: string, offset: number, payload: Uint8Array): void {
    const session = this.live.get(id);
    if (!session) return;
    session.ring.append(offset, payload, frame);
    session.offset = offset + payload.length;
    const now = Date.now();
    session.lastActivity = now;
    for (const sub of session.subs) {
      if (sub.state === 'live') {
        if (!sub.deliver(frame, offset, payload)) void this.resync(sub);
      } else if (sub.state === 'paused' && sub.cursor < session.ring.start && sub.client.pendingBytes < CLIENT_LOW_WATERMARK) {
        // A client held by its acknowledgement window (its socket drains) that the ring no longer
        // reaches back to will need a snapshot: take it now, while the client still parses what it
        // has, instead of once it has drained and would sit idle waiting for it. (A client whose
        // socket is full gets its snapshot once the socket drains: nothing is piled on it.)
        void this.resync(sub);
      }
    }
    // Leading-edge throttle checked per output, no timer: the first output after a quiet spell reaches
    // the session list at once, a busy session at most once per interval.
    if (now - session.activityAnnouncedAt >= ACTIVITY_BROADCAST_INTERVAL_MS) {
      session.activityAnnouncedAt = now;
      this.broadcast(id);
    }
  }

  // ---- session list feed ---------------------------------------------------------------------

  subscribeList(client: ClientLink, sessions: Session[]): void {
    this.listSubscribers.add(client);
    client.sendJson({ type: 'sessions', sessions });
  }

  unsubscribeList(client: ClientLink): void {
    this.listSubscribers.delete(client);
  }

  broadcast(id: string): void {
    if (this.listSubscribers.size === 0) return;
    const record = this.options.record(id);
    if (!record) return;
    const session = this.options.describe(record);
    for (const client of this.listSubscribers) client.sendJson({ type: 'session', session });
  }

  /** Any other message for every session-feed subscriber (an approval that appeared or changed). */
  broadcastToList(message: ServerMessage): void {
    for (const client of this.listSubscribers) client.sendJson(message);
  }

  broadcastRemoved(id: string): void {
    const session = this.live.get(id);
    if (session) for (const sub of [...session.subs]) this.detachSub(sub, 'removed');
    for (const client of this.listSubscribers) client.sendJson({ type: 'session-removed', id });
  }

  // ---- attached clients ----------------------------------------------------------------------

  async attach(client: ClientLink, ref: string, options: AttachOptions): Promise<void> {
    const record = this.options.resolveRef(ref);
    const previous = this.clientSubs.get(client)?.get(record.id);
    if (previous) this.detachSub(previous, 'reattached', false);
    const sub = new Subscription(client, record.id, options.readOnly ?? false, options.flow ?? false);
    sub.cols = options.cols;
    sub.rows = options.rows;
    let subs = this.clientSubs.get(client);
    if (!subs) this.clientSubs.set(client, (subs = new Map()));
    subs.set(record.id, sub);

    const session = this.live.get(record.id);
    client.sendJson({ type: 'attached', session: this.options.describe(record), offset: session?.offset ?? record.outputBytes });
    if (!session) {
      await this.finish(sub, record);
      return;
    }
    session.subs.add(sub);
    if (options.control && !sub.readOnly && sub.cols !== undefined && sub.rows !== undefined) {
      session.controller = sub;
      await this.applySize(session);
    } else {
      this.sendControl(session, sub);
    }
    const replay = options.from !== undefined ? session.ring.sliceFrom(options.from) : undefined;
    if (options.from !== undefined && replay) {
      if (replay.length > 0) client.sendFrame(encodeFrame('output', record.id, options.from, replay));
      sub.cursor = session.offset;
      sub.acked = options.from;
      sub.state = 'live';
    } else {
      await this.resync(sub);
    }
  }

  detach(client: ClientLink, id: string): void {
    const sub = this.clientSubs.get(client)?.get(id);
    if (sub) this.detachSub(sub, 'detached');
  }

  clientGone(client: ClientLink): void {
    this.listSubscribers.delete(client);
    const subs = this.clientSubs.get(client);
    if (subs) for (const sub of [...subs.values()]) this.detachSub(sub, 'disconnected', false);
    this.clientSubs.delete(client);
  }

  /** The client's socket drained: resume subscriptions that had paused or fallen behind. */
  clientDrained(client: ClientLink): void {
    const subs = this.clientSubs.get(client);
    if (!subs) return;
    for (const sub of subs.values()) this.resume(sub);
  }

  ack(client: ClientLink, id: string, offset: number): void {
    const sub = this.clientSubs.get(client)?.get(id);
    if (!sub) return;
    sub.acked = Math.max(sub.acked, Math.min(offset, sub.cursor));
    this.resume(sub);
  }

  /**
   * Input typed by an attached client. Typing makes it the controller of the pty size (the issue's
   * "size follows the client that most recently typed") unless it attached read-only.
   */
  noteTyping(client: ClientLink, id: string): void {
    const session = this.live.get(id);
    if (!session) throw new DaemonError('session_ended', `session ${id} is not running`);
    const sub = this.clientSubs.get(client)?.get(id);
    if (sub?.readOnly) throw new DaemonError('forbidden', 'this client attached read-only');
    if (sub && session.controller !== sub && sub.cols !== undefined && sub.rows !== undefined) {
      session.controller = sub;
      void this.applySize(session);
    }
  }

  clientResize(client: ClientLink, id: string, cols: number, rows: number): void {
    const sub = this.clientSubs.get(client)?.get(id);
    if (!sub) throw new DaemonError('bad_request', `not attached to session ${id}`);
    sub.cols = cols;
    sub.rows = rows;
    const session = this.live.get(id);
    if (session?.controller === sub) void this.applySize(session);
  }

  takeControl(client: ClientLink, id: string, cols: number, rows: number): void {
    const sub = this.clientSubs.get(client)?.get(id);
    const session = this.live.get(id);
    if (!sub || !session) throw new DaemonError('bad_request', `not attached to a running session ${id}`);
    if (sub.readOnly) throw new DaemonError('forbidden', 'this client attached read-only');
    sub.cols = cols;
    sub.rows = rows;
    session.controller = sub;
    void this.applySize(session);
  }

  releaseControl(client: ClientLink, id: string): void {
    const sub = this.clientSubs.get(client)?.get(id);
    const session = this.live.get(id);
    if (!sub || !session || session.controller !== sub) return;
    session.controller = null;
    void this.applySize(session);
  }

  /** An explicit resize by the owner wins over whichever client was in control. */
  async resetControl(id: string): Promise<void> {
    const session = this.live.get(id);
    if (!session) return;
    session.controller = null;
    await this.applySize(session);
  }

  // ---- internals -----------------------------------------------------------------------------

  private detachSub(sub: Subscription, reason: string, notify = true): void {
    sub.detached = true;
    if (sub.retryTimer) clearTimeout(sub.retryTimer);
    this.clientSubs.get(sub.client)?.delete(sub.sessionId);
    const session = this.live.get(sub.sessionId);
    if (session) {
      session.subs.delete(sub);
      if (session.controller === sub) {
        session.controller = null;
        void this.applySize(session);
      }
    }
    if (notify && !sub.client.closed) sub.client.sendJson({ type: 'detached', session: sub.sessionId, reason });
  }

  /**
   * A paused client under its low watermark continues where it stopped, from the ring's frames (the
   * same bytes, no copy), until it is live again or over its high watermark once more; if the ring no
   * longer reaches back to its cursor it gets a snapshot. A client behind gets its snapshot.
   */
  private resume(sub: Subscription): void {
    if ((sub.state !== 'paused' && sub.state !== 'behind') || !sub.underLowWatermark()) return;
    const session = this.live.get(sub.sessionId);
    if (sub.state === 'behind' || !session) {
      void this.resync(sub);
      return;
    }
    sub.state = 'live';
    const held = session.ring.visitFrom(sub.cursor, (frame, offset, payload) => {
      sub.deliver(frame, offset, payload);
      return sub.state === 'live';
    });
    if (!held) void this.resync(sub);
  }

  /** Sends a fresh snapshot plus the bytes after it, then continues live from there. */
  private async resync(sub: Subscription): Promise<void> {
    if (sub.resyncInFlight) return;
    sub.state = 'syncing';
    const session = this.live.get(sub.sessionId);
    if (!session) return;
    sub.resyncInFlight = true;
    try {
      const host = await this.options.host();
      const snapshot = await host.snapshot(sub.sessionId, { scrollback: SNAPSHOT_SCROLLBACK_ROWS });
      if (sub.detached || sub.client.closed || !this.live.has(sub.sessionId)) return;
      sub.client.sendFrame(encodeFrame('snapshot', sub.sessionId, snapshot.offset, Buffer.from(snapshot.data, 'utf8')));
      sub.cursor = snapshot.offset;
      sub.acked = snapshot.offset;
      sub.state = 'live';
      if (snapshot.pending.length > 0) {
        sub.deliver(encodeFrame('output', sub.sessionId, snapshot.offset, snapshot.pending), snapshot.offset, snapshot.pending);
      }
      // Output that reached the ring while the snapshot was on its way.
      if (sub.state === 'live' && session.offset > sub.cursor) {
        const held = session.ring.visitFrom(sub.cursor, (frame, offset, payload) => {
          sub.deliver(frame, offset, payload);
          return sub.state === 'live';
        });
        if (!held) sub.state = 'behind';
      }
      sub.snapshotFailures = 0;
    } catch (error) {
      if (!this.live.has(sub.sessionId)) return; // ended meanwhile: end() has sent the last screen
      this.options.log(`snapshot of ${sub.sessionId} failed: ${error instanceof Error ? error.message : String(error)}`);
      sub.snapshotFailures++;
      if (sub.snapshotFailures === SNAPSHOT_FAILURES_REPORTED_AFTER) {
        sub.client.sendJson({ type: 'error', code: 'internal', message: 'could not take a snapshot of the session; still trying', session: sub.sessionId });
      }
      // Left 'syncing', the client would wait forever: nothing else brings it back.
      sub.state = 'behind';
      if (sub.retryTimer) clearTimeout(sub.retryTimer);
      sub.retryTimer = setTimeout(() => {
        sub.retryTimer = undefined;
        if (!sub.detached && !sub.client.closed && sub.state === 'behind') void this.resync(sub);
      }, SNAPSHOT_RETRY_MS);
      sub.retryTimer.unref();
      return;
    } finally {
      sub.resyncInFlight = false;
    }
    if (!sub.detached) this.resume(sub);
  }

  /** For a client of a session that has ended: its last screen (from the log) unless it is up to date, then the exit message. */
  private async finish(sub: Subscription, record: SessionRecord | undefined): Promise<void> {
    if (!record || sub.client.closed) return;
    if (sub.state !== 'live') {
      const screen = await readEndedScreen(this.options.sessionDir(record.id));
      if (sub.client.closed || sub.detached) return;
      sub.client.sendFrame(encodeFrame('snapshot', record.id, screen.offset, screen.data));
      sub.cursor = screen.offset;
      sub.state = 'live';
    }
    sub.client.sendJson({
      type: 'exit',
      session: record.id,
      status: record.status,
      exitCode: record.exitCode,
      signal: record.signal,
      offset: record.outputBytes,
    });
  }

  private async applySize(session: LiveSession): Promise<void> {
    const base = this.options.record(session.id);
    const controller = session.controller;
    const cols = controller?.cols ?? base?.cols ?? LIMITS.defaultCols;
    const rows = controller?.rows ?? base?.rows ?? LIMITS.defaultRows;
    if (cols !== session.cols || rows !== session.rows) {
      session.cols = cols;
      session.rows = rows;
      const host = await this.options.host();
      host.resize(session.id, cols, rows);
      this.broadcast(session.id);
    }
    for (const sub of session.subs) this.sendControl(session, sub);
  }

  private sendControl(session: LiveSession, sub: Subscription): void {
    sub.client.sendJson({
      type: 'control',
      session: session.id,
      controller: session.controller?.client.id ?? null,
      you: session.controller === sub,
      cols: session.cols,
      rows: session.rows,
    });
  }
}
