import { statSync, type Stats } from 'node:fs';
import { rm } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { basename, resolve as resolvePath } from 'node:path';
import {
  keysToSequence,
  LIMITS,
  utf8ByteLength,
  type CreateSessionRequest,
  type InputRequest,
  type ProviderName,
  PROVIDER_NAMES,
  type Session,
  type SessionStatus,
} from '@codepiper/protocol';
import { readExitRecord, type HomePaths, type PtyHostClient, type SessionRecord, type SessionRepository } from '@codepiper/core';
import { DEFAULT_STOP_GRACE_MS, KILL_WAIT_MS } from '../constants.js';
import { DaemonError } from '../errors.js';
import type { AgentLaunch, SessionAgentHooks } from './agent-hooks.js';
import type { ClientLink } from './client-link.js';
import { StreamRouter } from './stream-router.js';

export interface ExitInfo {
  exitCode: number | null;
  signal: string | null;
  offset: number;
  endedAt: string;
}

export interface SessionHubOptions {
  repo: SessionRepository;
  paths: HomePaths;
  /** Returns the connected pty host, connecting (and spawning) it when needed. */
  host: () => Promise<PtyHostClient>;
  logCapBytes: number;
  log: (message: string) => void;
  /** Called once per session whose end was recorded (exit, signal, lost pty host): push notifications. */
  onSessionEnded?: (session: Session) => void;
}

/**
 * The daemon's session engine: lifecycle (create, input, stop, remove), reconciliation with the pty
 * host after a restart, and the session objects every client sees. Streaming to clients is the
 * router's job (`streams`).
 */
export class SessionHub {
  readonly streams: StreamRouter;
  private agents: SessionAgentHooks | undefined;

  constructor(private readonly options: SessionHubOptions) {
    this.streams = new StreamRouter({
      host: options.host,
      record: (id) => options.repo.get(id),
      resolveRef: (ref) => options.repo.resolveRef(ref),
      describe: (record) => this.toSession(record),
      sessionDir: options.paths.sessionDir,
      log: options.log,
    });
  }

  /** Connects the agents module (providers, hooks, approvals); sessions are plain commands until then. */
  useAgents(agents: SessionAgentHooks): void {
    this.agents = agents;
  }

  // ---- pty host events -----------------------------------------------------------------------

  onExit(id: string, info: ExitInfo): void {
    const record = this.options.repo.get(id);
    if (record && record.status === 'running') {
      const status: SessionStatus = record.stopRequested ? 'stopped' : info.exitCode === 0 && !info.signal ? 'exited' : 'failed';
      const lastActivity = this.streams.live.get(id)?.lastActivity;
      const ended = this.options.repo.update(
        id,
        {
          status,
          exitCode: info.exitCode,
          signal: info.signal,
          endedAt: info.endedAt,
          outputBytes: Math.max(info.offset, record.outputBytes),
          lastActivityAt: lastActivity ? new Date(lastActivity).toISOString() : record.lastActivityAt,
        },
        { type: status, data: { exitCode: info.exitCode, signal: info.signal } },
      );
      this.agents?.ended(ended, info);
      this.options.onSessionEnded?.(this.toSession(ended));
    }
    this.streams.end(id, info.offset);
    this.streams.broadcast(id);
    void this.options
      .host()
      .then((host) => host.forget(id))
      .catch(() => undefined);
  }

  /** The pty host went away: nothing it owned is running any more. */
  onHostLost(): void {
    for (const id of [...this.streams.live.keys()]) void this.recordLostSession(id);
  }

  /**
   * At start: re-adopt what the pty host still runs, record exits that happened while the daemon was
   * away, and mark sessions the host no longer knows as failed.
   */
  async reconcile(): Promise<void> {
    const host = await this.options.host();
    const hostSessions = new Map((await host.list()).map((s) => [s.id, s]));
    for (const record of this.options.repo.list({ all: false })) {
      const hosted = hostSessions.get(record.id);
      hostSessions.delete(record.id);
      if (!hosted) {
        await this.recordLostSession(record.id);
      } else if (hosted.running) {
        this.streams.open(record.id, hosted.offset, hosted.cols, hosted.rows);
        this.options.repo.update(record.id, { pid: hosted.pid }, { type: 'adopted', data: { offset: hosted.offset } });
      } else {
        this.onExit(record.id, {
          exitCode: hosted.exitCode,
          signal: hosted.signal,
          offset: hosted.offset,
          endedAt: hosted.endedAt ?? new Date().toISOString(),
        });
      }
    }
    // Sessions the host runs that the database does not know (a crash between spawn and insert):
    // adopt them under a generated name rather than kill a process the owner may care about.
    for (const hosted of hostSessions.values()) {
      if (!hosted.running) {
        await host.forget(hosted.id);
        continue;
      }
      this.options.repo.insert(
        {
          id: hosted.id,
          name: this.uniqueName(`adopted-${hosted.id}`),
          command: hosted.command,
          cwd: hosted.cwd,
          cols: hosted.cols,
          rows: hosted.rows,
          status: 'running',
          pid: hosted.pid,
          exitCode: null,
          signal: null,
          createdAt: hosted.startedAt,
          endedAt: null,
          lastActivityAt: null,
          outputBytes: hosted.offset,
          provider: null,
          stopRequested: false,
        },
        { type: 'adopted', data: { offset: hosted.offset, unknown: true } },
      );
      this.streams.open(hosted.id, hosted.offset, hosted.cols, hosted.rows);
    }
  }

  private async recordLostSession(id: string): Promise<void> {
    const exit = await readExitRecord(this.options.paths.sessionDir(id)).catch(() => null);
    if (exit) {
      this.onExit(id, exit);
      return;
    }
    const record = this.options.repo.get(id);
    if (record && record.status === 'running') {
      const ended = this.options.repo.update(
        id,
        { status: 'failed', endedAt: new Date().toISOString(), outputBytes: this.streams.live.get(id)?.offset ?? record.outputBytes },
        { type: 'failed', data: { reason: 'the pty host that owned the session exited' } },
      );
      this.agents?.ended(ended, { exitCode: null, signal: null });
      this.options.onSessionEnded?.(this.toSession(ended));
    }
    this.streams.end(id, record?.outputBytes ?? 0);
    this.streams.broadcast(id);
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  list(all: boolean): Session[] {
    return this.options.repo.list({ all }).map((r) => this.toSession(r));
  }

  get(ref: string): Session {
    return this.toSession(this.options.repo.resolveRef(ref));
  }

  resolve(ref: string): SessionRecord {
    return this.options.repo.resolveRef(ref);
  }

  async create(request: CreateSessionRequest): Promise<Session> {
    const cwd = resolvePath(request.cwd ?? homedir());
    // Synchronous: the pty host stats it synchronously right after anyway, and a trip through the
    // thread pool costs a create more than the stat on a busy machine.
    const info = statOrNull(cwd);
    if (!info?.isDirectory()) throw new DaemonError('bad_request', `cwd is not a directory: ${cwd}`);
    if (request.name !== undefined) this.assertNameFree(request.name);
    const id = this.options.repo.newId();
    const launch = await this.prepareAgent(id, request, cwd);
    const command = launch?.command ?? request.command ?? [defaultShell()];
    const cols = request.cols ?? LIMITS.defaultCols;
    const rows = request.rows ?? LIMITS.defaultRows;
    const env: Record<string, string> = {
      ...stringEnv(process.env, ['CODEPIPER_HOOK_SECRET', ...(launch?.unsetEnv ?? [])]),
      ...request.env,
      TERM: 'xterm-256color',
      COLORTERM: 'truecolor',
      CODEPIPER_SESSION: id,
      ...launch?.env,
    };
    const host = await this.options.host();
    // Live state exists before the spawn so that not one byte of early output is missed.
    this.streams.open(id, 0, cols, rows);
    // The host forks while this daemon commits the row (an fsync): the two take a few ms each, side
    // by side instead of one after the other (see BENCHMARKS.md, session create).
    const spawned = host.spawn({ id, command, cwd, env, cols, rows, logCapBytes: this.options.logCapBytes });
    // Settled below; a rejection is handled there, not reported as unhandled meanwhile.
    spawned.catch(() => undefined);
    try {
      // Chosen while the host forks: finding the free `bash-N` reads every name taken so far.
      const name = request.name ?? this.uniqueName(defaultNameFor(command[0]!));
      this.options.repo.insert({
        id,
        name,
        command,
        cwd,
        cols,
        rows,
        status: 'running',
        pid: null,
        exitCode: null,
        signal: null,
        createdAt: new Date().toISOString(),
        endedAt: null,
        lastActivityAt: null,
        outputBytes: 0,
        provider: null,
        stopRequested: false,
        ...launch?.record,
      }, launch ? { type: 'agent-state', data: { state: launch.record.agentState, reason: launch.record.agentStateReason } } : undefined);
    } catch (error) {
      // Not recorded (a name taken meanwhile): the process must not run unseen.
      this.streams.live.delete(id);
      await spawned.then(() => host.signal(id, 'SIGKILL')).catch(() => undefined);
      if (launch) await rm(this.options.paths.sessionDir(id), { recursive: true, force: true });
      throw error;
    }
    let created: SessionRecord;
    try {
      const { pid } = await spawned;
      // The row is durable already; its pid and the 'created' event need not wait for the disk.
      created = this.options.repo.updateLazily(id, { pid }, { type: 'created', data: { command, cwd, cols, rows, pid } });
    } catch (error) {
      this.streams.live.delete(id);
      this.options.repo.remove(id);
      if (launch) await rm(this.options.paths.sessionDir(id), { recursive: true, force: true });
      throw error;
    }
    this.streams.broadcast(id);
    return this.toSession(created);
  }

  /** Input from the API: text as typed, then Enter, then named keys, in one ordered write. */
  input(ref: string, request: InputRequest): { bytes: number } {
    const record = this.requireRunning(ref);
    let data = request.text ?? '';
    if (request.enter) data += '\r';
    if (request.keys && request.keys.length > 0) {
      const mapped = keysToSequence(request.keys);
      if (!mapped.ok) throw new DaemonError('bad_request', `unknown key name "${mapped.unknown}"`);
      data += mapped.data;
    }
    const bytes = utf8ByteLength(data);
    if (bytes > LIMITS.maxInputBytes) throw new DaemonError('payload_too_large', `input is at most ${LIMITS.maxInputBytes} bytes`);
    void this.write(record.id, data);
    this.agents?.input(record.id, data);
    return { bytes };
  }

  /** Raw input typed by an attached WebSocket client. */
  clientInput(client: ClientLink, id: string, data: string | Uint8Array): void {
    this.streams.noteTyping(client, id);
    void this.write(id, data);
    this.agents?.input(id, data);
  }

  private async prepareAgent(id: string, request: CreateSessionRequest, cwd: string): Promise<AgentLaunch | undefined> {
    const provider = request.provider ?? 'shell';
    if (provider === 'shell') return undefined;
    if (!this.agents) throw new DaemonError('bad_request', `this daemon cannot launch ${provider} sessions`);
    return this.agents.prepare({ id, provider, request, cwd });
  }

  private async write(id: string, data: string | Uint8Array): Promise<void> {
    const host = await this.options.host();
    host.write(id, data);
  }

  /** An explicit resize (API/CLI): becomes the base size the pty returns to when no client controls it. */
  async resize(ref: string, cols: number, rows: number): Promise<Session> {
    const record = this.requireRunning(ref);
    this.options.repo.update(record.id, { cols, rows }, { type: 'resized', data: { cols, rows } });
    await this.streams.resetControl(record.id);
    return this.get(record.id);
  }

  rename(ref: string, name: string): Session {
    const record = this.options.repo.resolveRef(ref);
    if (record.name === name) return this.toSession(record);
    this.assertNameFree(name);
    this.options.repo.update(record.id, { name }, { type: 'renamed', data: { from: record.name, to: name } });
    this.streams.broadcast(record.id);
    return this.get(record.id);
  }

  async stop(ref: string, graceMs = DEFAULT_STOP_GRACE_MS): Promise<Session> {
    const record = this.requireRunning(ref);
    this.options.repo.update(record.id, { stopRequested: true }, { type: 'stop-requested', data: { graceMs } });
    const host = await this.options.host();
    const ended = this.streams.waitForEnd(record.id);
    host.signal(record.id, 'SIGHUP');
    host.signal(record.id, 'SIGTERM');
    if (!(await withTimeout(ended, graceMs))) {
      host.signal(record.id, 'SIGKILL');
      await withTimeout(ended, KILL_WAIT_MS);
    }
    return this.get(record.id);
  }

  async kill(ref: string): Promise<Session> {
    const record = this.requireRunning(ref);
    this.options.repo.update(record.id, { stopRequested: true }, { type: 'kill-requested' });
    const host = await this.options.host();
    const ended = this.streams.waitForEnd(record.id);
    host.signal(record.id, 'SIGKILL');
    await withTimeout(ended, KILL_WAIT_MS);
    return this.get(record.id);
  }

  async remove(ref: string, force: boolean): Promise<void> {
    const record = this.options.repo.resolveRef(ref);
    if (record.status === 'running') {
      if (!force) throw new DaemonError('conflict', `session ${record.id} (${record.name}) is still running; stop it first or remove it with --force`);
      await this.kill(record.id);
    }
    this.streams.broadcastRemoved(record.id);
    this.options.repo.remove(record.id);
    await rm(this.options.paths.sessionDir(record.id), { recursive: true, force: true });
  }

  events(ref: string): Array<{ at: string; type: string; data: unknown }> {
    const record = this.options.repo.resolveRef(ref);
    return this.options.repo.listEvents(record.id).map((e) => ({ at: e.at, type: e.type, data: e.data ?? null }));
  }

  /** Persists what only lives in memory (offsets, last activity) before the daemon exits. */
  flush(): void {
    for (const session of this.streams.live.values()) {
      // A session removed with --force whose exit has not arrived yet (the kill wait timed out) has no
      // record left to update; updating it would throw and abort the daemon's shutdown.
      if (!this.options.repo.get(session.id)) continue;
      this.options.repo.update(session.id, {
        outputBytes: session.offset,
        ...(session.lastActivity ? { lastActivityAt: new Date(session.lastActivity).toISOString() } : {}),
      });
    }
  }

  runningCount(): number {
    return this.streams.live.size;
  }

  subscribeList(client: ClientLink): void {
    this.streams.subscribeList(client, this.list(true));
    for (const approval of this.agents?.pendingApprovals() ?? []) client.sendJson({ type: 'approval', approval });
  }

  toSession(record: SessionRecord): Session {
    const session = this.streams.live.get(record.id);
    return {
      id: record.id,
      name: record.name,
      status: record.status,
      command: record.command,
      cwd: record.cwd,
      pid: record.pid,
      cols: session?.cols ?? record.cols,
      rows: session?.rows ?? record.rows,
      createdAt: record.createdAt,
      endedAt: record.endedAt,
      exitCode: record.exitCode,
      signal: record.signal,
      outputBytes: session?.offset ?? record.outputBytes,
      lastActivityAt: session?.lastActivity ? new Date(session.lastActivity).toISOString() : record.lastActivityAt,
      provider: parseProvider(record.provider),
      providerSessionId: record.providerSessionId,
      model: record.model,
      agentState:
        record.agentState && record.agentStateAt ? { state: record.agentState, reason: record.agentStateReason ?? '', at: record.agentStateAt } : null,
    };
  }

  // ---- internals -----------------------------------------------------------------------------

  private requireRunning(ref: string): SessionRecord {
    const record = this.options.repo.resolveRef(ref);
    if (record.status !== 'running' || !this.streams.live.has(record.id)) {
      throw new DaemonError('session_ended', `session ${record.id} (${record.name}) has already ended (${record.status})`);
    }
    return record;
  }

  private assertNameFree(name: string): void {
    if (this.options.repo.getByName(name)) throw new DaemonError('conflict', `a session named "${name}" already exists`);
    if (/^[0-9a-f]{8}$/.test(name) && this.options.repo.get(name)) throw new DaemonError('conflict', `"${name}" is the id of another session`);
  }

  private uniqueName(base: string): string {
    const taken = this.options.repo.namesDerivedFrom(base);
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) {
      const candidate = `${base}-${n}`;
      if (!taken.has(candidate)) return candidate;
    }
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null;
  }
}

function defaultShell(): string {
  const fromEnv = process.env.SHELL;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().shell ?? '/bin/sh';
  } catch {
    return '/bin/sh';
  }
}

/** `bash` for `/bin/bash`, made safe for the name pattern. */
function defaultNameFor(program: string): string {
  const cleaned = basename(program).replace(/[^A-Za-z0-9._-]/g, '').replace(/^[._-]+/, '');
  return (cleaned || 'session').slice(0, LIMITS.maxNameLength - 8);
}

/** The daemon's environment for a child, without `omit` (a hook secret the daemon itself inherited must not leak into sessions). */
function stringEnv(env: NodeJS.ProcessEnv, omit: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && !omit.includes(key)) out[key] = value;
  return out;
}

async function withTimeout(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sessions created before providers existed (or by a newer daemon) read as plain shells. */
function parseProvider(value: string | null): ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value ?? '') ? (value as ProviderName) : 'shell';
}
