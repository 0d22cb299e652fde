import { describe, expect, it } from 'vitest';
import type { Session } from '@codepiper/protocol';
import { LIVENESS_TIMEOUT_MS, RECONNECT_CAP_MS } from '../constants';
import { FakeClock, FakeSocket } from './test-edge';
import { WsClient } from './ws-client';
import type { AuthProbe, StreamHandlers } from './ws-types';

const ID = 'a1b2c3d4';

function session(overrides: Partial<Session> = {}): Session {
  return {
    id: ID,
    name: 'shell',
    status: 'running',
    command: ['sh'],
    cwd: '/tmp',
    pid: 42,
    cols: 120,
    rows: 32,
    createdAt: '2024-01-01T00:00:00.000Z',
    endedAt: null,
    exitCode: null,
    signal: null,
    outputBytes: 0,
    lastActivityAt: null,
    provider: 'shell',
    providerSessionId: null,
    model: null,
    agentState: null,
    ...overrides,
  };
}

function setup(options: { probe?: AuthProbe } = {}) {
  const clock = new FakeClock();
  const sockets: FakeSocket[] = [];
  let unauthorized = 0;
  const client = new WsClient({
    url: () => 'ws://dash/ws',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    clock,
    random: () => 0.999999,
    ...(options.probe ? { probeAuth: options.probe } : {}),
    onUnauthorized: () => unauthorized++,
  });
  const last = () => sockets[sockets.length - 1]!;
  return { clock, sockets, client, last, unauthorizedCount: () => unauthorized };
}

/** A terminal stand-in: records what it was told to show. */
function screen() {
  let text = '';
  const log: string[] = [];
  const handlers: StreamHandlers = {
    reset: (data) => {
      text = new TextDecoder().decode(data);
      log.push('reset');
    },
    write: (data) => {
      text += new TextDecoder().decode(data);
    },
    control: (info) => log.push(`control:${info.you}:${info.cols}x${info.rows}`),
    exit: (info) => log.push(`exit:${info.exitCode}`),
    detached: (reason) => log.push(`detached:${reason}`),
  };
  return { handlers, text: () => text, log };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('WsClient', () => {
  it('opens one socket, subscribes to the session list and delivers its updates', () => {
    const { client, sockets, last } = setup();
    const seen: string[] = [];
    client.subscribeSessions((m) => seen.push(m.type));
    client.start();
    expect(sockets).toHaveLength(1);
    expect(last().url).toBe('ws://dash/ws');
    expect(last().binaryType).toBe('arraybuffer');
    last().open();
    expect(client.state.kind).toBe('open');
    expect(last().sentOfType('subscribe-sessions')).toHaveLength(1);
    last().receive({ type: 'sessions', sessions: [session()] });
    last().receive({ type: 'session', session: session({ status: 'exited' }) });
    last().receive({ type: 'session-removed', id: ID });
    expect(seen).toEqual(['sessions', 'session', 'session-removed']);
  });

  it('delivers approvals to feed listeners only, over the one session subscription', () => {
    const { client, last } = setup();
    const sessions: string[] = [];
    const feed: string[] = [];
    client.subscribeSessions((m) => sessions.push(m.type));
    client.subscribeFeed((m) => feed.push(m.type));
    client.start();
    last().open();
    expect(last().sentOfType('subscribe-sessions')).toHaveLength(1);
    last().receive({ type: 'sessions', sessions: [session()] });
    last().receive({
      type: 'approval',
      approval: {
        id: '0000beef',
        session: ID,
        sessionName: 'shell',
        provider: 'claude',
        tool: 'Bash',
        input: { command: 'ls' },
        summary: 'ls',
        status: 'pending',
        createdAt: '2024-01-01T00:00:00.000Z',
        decidedAt: null,
        decidedBy: null,
        reason: null,
        expiresAt: '2024-01-01T00:05:00.000Z',
      },
    });
    expect(sessions).toEqual(['sessions']);
    expect(feed).toEqual(['sessions', 'approval']);
  });

  it('delivers inbox entries to feed listeners only', () => {
    const { client, last } = setup();
    const sessions: string[] = [];
    const feed: string[] = [];
    client.subscribeSessions((m) => sessions.push(m.type));
    client.subscribeFeed((m) => feed.push(m.type));
    client.start();
    last().open();
    last().receive({
      type: 'notification',
      notification: { id: 7, kind: 'complete', session: ID, sessionName: 'shell', title: 'shell: finished', body: 'done', approvalId: null, createdAt: '2024-01-01T00:00:00.000Z', readAt: null },
      unread: 1,
    });
    expect(sessions).toEqual([]);
    expect(feed).toEqual(['notification']);
  });

  it('sends presence when it changes, and again first thing after every reconnect', () => {
    const { client, clock, last } = setup();
    client.setPresence({ session: null, visible: true });
    client.start();
    last().open();
    expect(last().sent[0]).toEqual({ type: 'presence', session: null, visible: true });
    client.setPresence({ session: ID, visible: true, endpoint: 'https://push.example/abc' });
    client.setPresence({ session: ID, visible: true, endpoint: 'https://push.example/abc' });
    client.setPresence({ session: ID, visible: false, endpoint: 'https://push.example/abc' });
    expect(last().sentOfType('presence')).toEqual([
      { type: 'presence', session: null, visible: true },
      { type: 'presence', session: ID, visible: true, endpoint: 'https://push.example/abc' },
      { type: 'presence', session: ID, visible: false, endpoint: 'https://push.example/abc' },
    ]);

    last().drop();
    client.setPresence({ session: ID, visible: true, endpoint: 'https://push.example/abc' });
    clock.advance(RECONNECT_CAP_MS);
    last().open();
    expect(last().sent[0]).toEqual({ type: 'presence', session: ID, visible: true, endpoint: 'https://push.example/abc' });
  });

  it('answers a ping with a pong carrying the same stamp', () => {
    const { client, last } = setup();
    client.start();
    last().open();
    last().receive({ type: 'ping', t: 1234 });
    expect(last().sentOfType('pong')).toEqual([{ type: 'pong', t: 1234 }]);
  });

  it('retries forever with a back-off that doubles up to the cap and restarts after a welcome', () => {
    const { client, clock, sockets, last } = setup();
    client.start();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      last().drop();
      const state = client.state;
      if (state.kind !== 'waiting') throw new Error(`expected waiting, got ${state.kind}`);
      delays.push(state.retryAt - clock.now());
      clock.advance(state.retryAt - clock.now());
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, RECONNECT_CAP_MS, RECONNECT_CAP_MS, RECONNECT_CAP_MS]);
    expect(sockets).toHaveLength(9);
    last().open();
    last().receive({ type: 'hello', clientId: 'c1', version: 'test' });
    last().drop();
    const state = client.state;
    expect(state.kind === 'waiting' && state.retryAt - clock.now()).toBe(500);
  });

  it('reconnects at once when woken while waiting (tab visible again, network back)', () => {
    const { client, sockets, last } = setup();
    client.start();
    last().drop();
    expect(client.state.kind).toBe('waiting');
    client.setOnline(false);
    expect(client.isOnline).toBe(false);
    client.setOnline(true);
    expect(sockets).toHaveLength(2);
    expect(client.state.kind).toBe('connecting');
  });

  it('replaces an open socket that stays silent after a wake-up ping', () => {
    const { client, clock, sockets, last } = setup();
    client.start();
    last().open();
    client.wake();
    expect(last().sentOfType('ping')).toHaveLength(1);
    clock.advance(LIVENESS_TIMEOUT_MS);
    expect(sockets[0]!.closedWith).toBeDefined();
    expect(client.state.kind).toBe('waiting');
    clock.advance(RECONNECT_CAP_MS);
    expect(sockets).toHaveLength(2);
  });

  it('keeps an open socket that answers the wake-up ping', () => {
    const { client, clock, sockets, last } = setup();
    client.start();
    last().open();
    client.wake();
    last().receive({ type: 'pong', t: 1 });
    clock.advance(LIVENESS_TIMEOUT_MS * 2);
    expect(sockets).toHaveLength(1);
    expect(client.state.kind).toBe('open');
  });

  it('resumes an attached stream at its offset and writes replayed bytes only once', () => {
    const { client, clock, last } = setup();
    const term = screen();
    client.start();
    last().open();
    const handle = client.attach(ID, term.handlers, { cols: 80, rows: 24 });
    expect(last().sentOfType('attach')).toEqual([{ type: 'attach', session: ID, flow: true, cols: 80, rows: 24 }]);
    last().receiveFrame('snapshot', ID, 100, '$ ');
    last().receiveFrame('output', ID, 100, 'echo hi\r\n');
    expect(handle.offset).toBe(109);
    last().drop();
    clock.advance(RECONNECT_CAP_MS);
    last().open();
    expect(last().sentOfType('attach')).toEqual([{ type: 'attach', session: ID, flow: true, from: 109, cols: 80, rows: 24 }]);
    // The daemon's replay may overlap what we already have; only the new bytes reach the terminal.
    last().receiveFrame('output', ID, 105, 'hi\r\nhi\r\n');
    expect(term.text()).toBe('$ echo hi\r\nhi\r\n');
    expect(handle.offset).toBe(113);
  });

  it('repaints from a snapshot when the daemon no longer has the missed bytes', () => {
    const { client, clock, last } = setup();
    const term = screen();
    client.start();
    last().open();
    client.attach(ID, term.handlers);
    last().receiveFrame('snapshot', ID, 0, 'old');
    last().drop();
    clock.advance(RECONNECT_CAP_MS);
    last().open();
    last().receiveFrame('snapshot', ID, 5000, 'new screen');
    expect(term.text()).toBe('new screen');
    expect(term.log.filter((l) => l === 'reset')).toHaveLength(2);
  });

  it('queues input typed while disconnected and sends it in order after re-attaching', () => {
    const { client, clock, last } = setup();
    const term = screen();
    const changes: number[] = [];
    client.onChange(() => changes.push(client.queuedInputs));
    client.start();
    last().open();
    const handle = client.attach(ID, term.handlers);
    last().receiveFrame('snapshot', ID, 0, '');
    expect(handle.input('a')).toBe('sent');
    last().drop();
    expect(handle.input('b')).toBe('queued');
    expect(handle.input(['prompt', '\r'])).toBe('queued');
    expect(client.queuedInputs).toBe(2);
    expect(changes).toContain(2);
    clock.advance(RECONNECT_CAP_MS);
    last().open();
    const types = last().sent.map((m) => (m.type === 'input' ? `input:${m.data}` : m.type));
    expect(types).toEqual(['attach', 'input:b', 'input:prompt', 'input:\r']);
    expect(client.queuedInputs).toBe(0);
  });

  it('reclaims control of the pty size after a reconnect when it had it', () => {
    const { client, clock, last } = setup();
    const term = screen();
    client.start();
    last().open();
    const handle = client.attach(ID, term.handlers, { cols: 80, rows: 24 });
    handle.takeControl(90, 30);
    expect(last().sentOfType('take-control')).toEqual([{ type: 'take-control', session: ID, cols: 90, rows: 30 }]);
    last().receive({ type: 'control', session: ID, controller: 'me', you: true, cols: 90, rows: 30 });
    expect(term.log).toContain('control:true:90x30');
    last().drop();
    clock.advance(RECONNECT_CAP_MS);
    last().open();
    expect(last().sentOfType('attach')[0]).toMatchObject({ control: true, cols: 90, rows: 30 });
  });

  it('does not reclaim control that another client took', () => {
    const { client, clock, last } = setup();
    client.start();
    last().open();
    const handle = client.attach(ID, screen().handlers, { cols: 80, rows: 24 });
    handle.takeControl(80, 24);
    last().receive({ type: 'control', session: ID, controller: 'other', you: false, cols: 120, rows: 40 });
    last().drop();
    clock.advance(RECONNECT_CAP_MS);
    last().open();
    expect(last().sentOfType('attach')[0]!.control).toBeUndefined();
  });

  it('asks for a snapshot when output skips bytes', () => {
    const { client, last } = setup();
    const term = screen();
    client.start();
    last().open();
    client.attach(ID, term.handlers);
    last().receiveFrame('snapshot', ID, 0, 'x');
    last().receiveFrame('output', ID, 10, 'y');
    expect(term.text()).toBe('x');
    const attaches = last().sentOfType('attach');
    expect(attaches).toHaveLength(2);
    expect(attaches[1]!.from).toBeUndefined();
  });

  it('goes to the login state on close code 4401 and stops retrying', () => {
    const { client, clock, sockets, last, unauthorizedCount } = setup();
    client.start();
    last().open();
    last().drop(4401, 'login revoked');
    expect(client.state.kind).toBe('unauthorized');
    expect(unauthorizedCount()).toBe(1);
    clock.advance(RECONNECT_CAP_MS * 3);
    expect(sockets).toHaveLength(1);
    client.start();
    expect(sockets).toHaveLength(2);
  });

  it('asks the auth probe after a refused handshake and follows its verdict', async () => {
    let verdict: 'ok' | 'unauthorized' | 'unreachable' = 'unreachable';
    const { client, unauthorizedCount, last } = setup({ probe: async () => verdict });
    client.start();
    last().drop();
    await flush();
    expect(client.state.kind).toBe('waiting');
    client.wake();
    verdict = 'unauthorized';
    last().drop();
    await flush();
    expect(client.state.kind).toBe('unauthorized');
    expect(unauthorizedCount()).toBe(1);
  });

  it('drops a stream the daemon removed, with its queued input', () => {
    const { client, last } = setup();
    const term = screen();
    client.start();
    last().open();
    const handle = client.attach(ID, term.handlers);
    last().receive({ type: 'detached', session: ID, reason: 'removed' });
    expect(term.log).toContain('detached:removed');
    expect(handle.input('x')).toBe('refused');
  });

  it('stops sending input and acks for a session that ended', () => {
    const { client, last } = setup();
    const term = screen();
    client.start();
    last().open();
    const handle = client.attach(ID, term.handlers);
    last().receive({ type: 'exit', session: ID, status: 'exited', exitCode: 0, signal: null, offset: 10 });
    handle.ack(10);
    expect(term.log).toContain('exit:0');
    expect(last().sentOfType('ack')).toHaveLength(0);
  });

  it('sends acks only on an open socket', () => {
    const { client, last } = setup();
    client.start();
    const handle = client.attach(ID, screen().handlers);
    handle.ack(5);
    last().open();
    handle.ack(7);
    expect(last().sentOfType('ack')).toEqual([{ type: 'ack', session: ID, offset: 7 }]);
  });

  it('closes the socket and forgets queued input when stopped', () => {
    const { client, last, clock, sockets } = setup();
    client.start();
    last().open();
    const handle = client.attach(ID, screen().handlers);
    last().drop();
    handle.input('x');
    client.stop();
    expect(client.queuedInputs).toBe(0);
    expect(client.state.kind).toBe('idle');
    clock.advance(RECONNECT_CAP_MS * 2);
    expect(sockets).toHaveLength(1);
  });
});
