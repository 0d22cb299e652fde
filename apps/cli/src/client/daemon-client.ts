import type { IncomingMessage } from 'node:http';
import type { CreateSessionRequest, DaemonStatus, HealthResponse, InputRequest, Session } from '@codepiper/protocol';
import { DAEMON_DEFAULT_GRACE_MS, END_REQUEST_MARGIN_MS, HEALTH_PROBE_TIMEOUT_MS, LOG_IDLE_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../constants.js';
import { AgentsApi } from './agents-api.js';
import { AuthApi } from './auth-api.js';
import { PolicyApi } from './policy-api.js';
import { PushApi } from './push-api.js';
import { requestJson } from './http-call.js';
import type { HttpCall, Transport } from './transport.js';

/** The raw output log as the daemon streams it, with the offsets of what the body holds. */
export interface LogStream {
  /** Offset of the body's first byte (X-Log-Start): `from` clamped to what the log still keeps. */
  start: number;
  /** Offset just past the last byte of this body (X-Log-End): where live output continues. */
  end: number;
  /** Offset of the body's first byte. */
  bodyStart: number;
  body: IncomingMessage;
}

const sessionPath = (ref: string): string => `/api/sessions/${encodeURIComponent(ref)}`;

/** The daemon's HTTP API, one method per route the CLI uses, over whichever transport reaches the daemon. */
export class DaemonClient {
  /** Owner setup, logins, API tokens and the audit log. */
  readonly auth: AuthApi;
  /** Agent providers and the approvals inbox. */
  readonly agents: AgentsApi;
  /** Allow/deny/ask rules for agents' tool calls, and dry runs. */
  readonly policy: PolicyApi;
  /** Push notification devices, test pushes and the delivery log. */
  readonly push: PushApi;

  constructor(readonly transport: Transport) {
    this.auth = new AuthApi(transport);
    this.agents = new AgentsApi(transport);
    this.policy = new PolicyApi(transport);
    this.push = new PushApi(transport);
  }

  health(timeoutMs = HEALTH_PROBE_TIMEOUT_MS): Promise<HealthResponse> {
    return this.json({ method: 'GET', path: '/api/health', timeoutMs, anonymous: true });
  }

  /** True when a daemon answers; never throws. */
  async isRunning(): Promise<boolean> {
    try {
      await this.health();
      return true;
    } catch {
      return false;
    }
  }

  status(): Promise<DaemonStatus> {
    return this.json({ method: 'GET', path: '/api/status', timeoutMs: REQUEST_TIMEOUT_MS });
  }

  async shutdown(killSessions: boolean): Promise<void> {
    await this.json({ method: 'POST', path: '/api/shutdown', body: { killSessions }, timeoutMs: REQUEST_TIMEOUT_MS });
  }

  listSessions(all: boolean): Promise<Session[]> {
    return this.json({ method: 'GET', path: all ? '/api/sessions?all=true' : '/api/sessions', timeoutMs: REQUEST_TIMEOUT_MS });
  }

  getSession(ref: string): Promise<Session> {
    return this.json({ method: 'GET', path: sessionPath(ref), timeoutMs: REQUEST_TIMEOUT_MS });
  }

  createSession(body: CreateSessionRequest): Promise<Session> {
    return this.json({ method: 'POST', path: '/api/sessions', body, timeoutMs: REQUEST_TIMEOUT_MS });
  }

  input(ref: string, body: InputRequest): Promise<{ ok: true; bytes: number }> {
    return this.json({ method: 'POST', path: `${sessionPath(ref)}/input`, body, timeoutMs: REQUEST_TIMEOUT_MS });
  }

  resize(ref: string, cols: number, rows: number): Promise<Session> {
    return this.json({ method: 'POST', path: `${sessionPath(ref)}/resize`, body: { cols, rows }, timeoutMs: REQUEST_TIMEOUT_MS });
  }

  rename(ref: string, name: string): Promise<Session> {
    return this.json({ method: 'POST', path: `${sessionPath(ref)}/rename`, body: { name }, timeoutMs: REQUEST_TIMEOUT_MS });
  }

  stop(ref: string, graceMs?: number): Promise<Session> {
    const body = graceMs === undefined ? {} : { graceMs };
    const timeoutMs = (graceMs ?? DAEMON_DEFAULT_GRACE_MS) + END_REQUEST_MARGIN_MS;
    return this.json({ method: 'POST', path: `${sessionPath(ref)}/stop`, body, timeoutMs });
  }

  kill(ref: string): Promise<Session> {
    return this.json({ method: 'POST', path: `${sessionPath(ref)}/kill`, body: {}, timeoutMs: END_REQUEST_MARGIN_MS });
  }

  async remove(ref: string, force: boolean): Promise<void> {
    const timeoutMs = force ? DAEMON_DEFAULT_GRACE_MS + END_REQUEST_MARGIN_MS : REQUEST_TIMEOUT_MS;
    await this.json({ method: 'DELETE', path: force ? `${sessionPath(ref)}?force=true` : sessionPath(ref), timeoutMs });
  }

  /** Streams the durable output log, from `from` when given (clamped by the daemon to what it still keeps). */
  async openLog(ref: string, from?: number): Promise<LogStream> {
    const path = from === undefined ? `${sessionPath(ref)}/log` : `${sessionPath(ref)}/log?from=${from}`;
    const body = await this.transport.open({ method: 'GET', path, timeoutMs: LOG_IDLE_TIMEOUT_MS });
    const start = headerOffset(body, 'x-log-start') ?? 0;
    const end = headerOffset(body, 'x-log-end') ?? start;
    return { start, end, bodyStart: start, body };
  }

  private json<T>(call: HttpCall): Promise<T> {
    return requestJson<T>(this.transport, call);
  }
}

function headerOffset(res: IncomingMessage, name: string): number | undefined {
  const raw = res.headers[name];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
