import { join } from 'node:path';
import type { Approval, ServerMessage, Session } from '@codepiper/protocol';
import WebSocket from 'ws';

interface Waiter {
  test: (message: ServerMessage) => boolean;
  resolve: (message: ServerMessage) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The daemon's session feed (`subscribe-sessions` over its unix socket), as the web dashboard gets it:
 * every session change and approval, in order. Waits are settled by the message that satisfies them,
 * looking only at messages after a mark, so an earlier state cannot satisfy a wait for the next one.
 */
export class SessionFeed {
  readonly messages: ServerMessage[] = [];
  private waiters = new Set<Waiter>();
  private closedBecause: string | undefined;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as ServerMessage;
      // The daemon drops a client that stays silent through its app-level pings.
      if (message.type === 'ping') ws.send(JSON.stringify({ type: 'pong', ...(message.t !== undefined ? { t: message.t } : {}) }));
      this.messages.push(message);
      for (const waiter of [...this.waiters]) {
        if (!waiter.test(message)) continue;
        this.waiters.delete(waiter);
        waiter.resolve(message);
      }
    });
    // An error is followed by 'close', which fails the waits; without a listener it would throw.
    ws.on('error', () => undefined);
    ws.on('close', (code, reason) => {
      this.closedBecause = `the feed closed (${code} ${String(reason)})`;
      for (const waiter of [...this.waiters]) waiter.reject(new Error(this.closedBecause));
    });
  }

  static async open(home: string): Promise<SessionFeed> {
    const ws = new WebSocket(`ws+unix://${join(home, 'daemon.sock')}:/ws`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const feed = new SessionFeed(ws);
    const listed = feed.next((m) => m.type === 'sessions', 0, 'the session list');
    ws.send(JSON.stringify({ type: 'subscribe-sessions' }));
    await listed;
    return feed;
  }

  /** A position in the feed: waits given it consider only later messages. */
  mark(): number {
    return this.messages.length;
  }

  /** The first message after `from` that `test` accepts (already received, or the next one to arrive). */
  next(test: (message: ServerMessage) => boolean, from: number, what: string, timeoutMs = 20_000): Promise<ServerMessage> {
    const seen = this.messages.slice(from).find(test);
    if (seen) return Promise.resolve(seen);
    if (this.closedBecause) return Promise.reject(new Error(`${this.closedBecause} before ${what}`));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        test,
        resolve: (message) => {
          clearTimeout(waiter.timer);
          resolve(message);
        },
        reject: (error) => {
          clearTimeout(waiter.timer);
          this.waiters.delete(waiter);
          reject(new Error(`${error.message} before ${what}`));
        },
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const trail = this.messages.slice(from).map(describe);
          reject(new Error(`timed out after ${timeoutMs} ms waiting on the session feed for ${what}; got: ${trail.join(', ') || 'nothing'}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /**
   * The session as the feed shows it once it is in agent state `state` (for `reason`, when given), after
   * `from`. The feed also re-sends a session when it prints (its last activity), with the state it still
   * has: a wait for the end of a turn names its reason, or that echo of the state before would satisfy it.
   */
  async agentState(id: string, state: string, from: number, reason?: string, timeoutMs?: number): Promise<Session> {
    const message = await this.next(
      (m) => m.type === 'session' && m.session.id === id && m.session.agentState?.state === state && (reason === undefined || m.session.agentState.reason === reason),
      from,
      `session ${id} to be ${state}${reason ? ` (${reason})` : ''}`,
      timeoutMs,
    );
    return (message as Extract<ServerMessage, { type: 'session' }>).session;
  }

  /** The session once it no longer runs, after `from`. */
  async ended(id: string, from: number, timeoutMs?: number): Promise<Session> {
    const message = await this.next((m) => m.type === 'session' && m.session.id === id && m.session.status !== 'running', from, `session ${id} to end`, timeoutMs);
    return (message as Extract<ServerMessage, { type: 'session' }>).session;
  }

  /** An approval of session `id` in `status`, after `from`. */
  async approval(id: string, status: Approval['status'], from: number, timeoutMs?: number): Promise<Approval> {
    const message = await this.next((m) => m.type === 'approval' && m.approval.session === id && m.approval.status === status, from, `a ${status} approval of ${id}`, timeoutMs);
    return (message as Extract<ServerMessage, { type: 'approval' }>).approval;
  }

  close(): void {
    for (const waiter of this.waiters) clearTimeout(waiter.timer);
    this.waiters.clear();
    this.closedBecause = 'the feed was closed by the test';
    this.ws.close();
  }
}

function describe(message: ServerMessage): string {
  if (message.type === 'session') return `session ${message.session.id} ${message.session.status}/${message.session.agentState?.state ?? '-'}`;
  if (message.type === 'approval') return `approval ${message.approval.id} ${message.approval.status}`;
  return message.type;
}
