import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits.js';
import type { Session } from './session.js';
import { ClientMessageSchema, ServerMessageSchema, type ClientMessage } from './ws.js';

const ID = 'a1b2c3d4';

// One well-formed example of every client message type.
const CLIENT_MESSAGES: ClientMessage[] = [
  { type: 'subscribe-sessions' },
  { type: 'unsubscribe-sessions' },
  { type: 'attach', session: ID },
  { type: 'attach', session: ID, from: 2 ** 40, cols: 80, rows: 24, control: true, readOnly: false, flow: true },
  { type: 'detach', session: ID },
  { type: 'input', session: ID, data: 'ls\r' },
  { type: 'resize', session: ID, cols: 100, rows: 30 },
  { type: 'take-control', session: ID, cols: 100, rows: 30 },
  { type: 'release-control', session: ID },
  { type: 'ack', session: ID, offset: 1024 },
  { type: 'ping' },
  { type: 'ping', t: 123 },
  { type: 'pong', t: 456 },
  { type: 'presence', session: ID, visible: true, endpoint: 'https://fcm.googleapis.com/fcm/send/abc' },
  { type: 'presence', session: null, visible: false },
];

const SESSION: Session = {
  id: ID,
  name: 'agent',
  status: 'running',
  command: ['bash'],
  cwd: '/',
  pid: 10,
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
};

describe('ClientMessageSchema', () => {
  it.each(CLIENT_MESSAGES.map((m) => [m.type, m] as const))('accepts %s', (_type, message) => {
    expect(ClientMessageSchema.parse(message)).toEqual(message);
  });

  it('covers every message type in these tests', () => {
    const types = new Set(CLIENT_MESSAGES.map((m) => m.type));
    expect([...types].sort()).toEqual([...ClientMessageSchema.options.map((o) => o.shape.type.value)].sort());
  });

  it('rejects unknown or missing types', () => {
    for (const message of [{ type: 'explode' }, { type: 'Attach', session: ID }, {}, { session: ID }, null, 'ping', []]) {
      expect(ClientMessageSchema.safeParse(message).success).toBe(false);
    }
  });

  it.each(CLIENT_MESSAGES.map((m) => [m.type, m] as const))('rejects %s with an extra field', (_type, message) => {
    const result = ClientMessageSchema.safeParse({ ...message, extra: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(['Unrecognized key: "extra"']);
  });

  it('rejects malformed session ids, offsets and sizes', () => {
    for (const message of [
      { type: 'attach', session: 'A1B2C3D4' },
      { type: 'attach', session: 'agent' },
      { type: 'attach', session: ID, from: -1 },
      { type: 'attach', session: ID, from: 1.5 },
      { type: 'attach', session: ID, cols: 1 },
      { type: 'resize', session: ID, cols: 80 },
      { type: 'resize', session: ID, cols: 80, rows: LIMITS.maxRows + 1 },
      { type: 'take-control', session: ID },
      { type: 'ack', session: ID },
      { type: 'ack', session: ID, offset: -5 },
      { type: 'input', session: ID },
      { type: 'input', session: ID, data: 5 },
    ]) {
      expect(ClientMessageSchema.safeParse(message).success, JSON.stringify(message)).toBe(false);
    }
  });

  it('bounds input by UTF-8 bytes', () => {
    const input = (data: string) => ({ type: 'input', session: ID, data });
    expect(ClientMessageSchema.safeParse(input('a'.repeat(LIMITS.maxInputBytes))).success).toBe(true);
    expect(ClientMessageSchema.safeParse(input('a'.repeat(LIMITS.maxInputBytes + 1))).success).toBe(false);
    const result = ClientMessageSchema.safeParse(input('€'.repeat(LIMITS.maxInputBytes / 2)));
    expect(result.error?.issues.map((i) => i.message)).toEqual([`input is at most ${LIMITS.maxInputBytes} bytes`]);
  });
});

describe('ServerMessageSchema', () => {
  it('accepts every server message type', () => {
    const messages = [
      { type: 'hello', clientId: 'c1', version: '0.1.0' },
      { type: 'sessions', sessions: [SESSION] },
      { type: 'session', session: SESSION },
      { type: 'session-removed', id: ID },
      {
        type: 'approval',
        approval: {
          id: '0a0b0c0d',
          session: ID,
          sessionName: 'agent',
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
      },
      {
        type: 'notification',
        notification: { id: 1, kind: 'complete', session: ID, sessionName: 'agent', title: 'agent: finished', body: 'done', approvalId: null, createdAt: '2024-01-01T00:00:00.000Z', readAt: null },
        unread: 1,
      },
      { type: 'attached', session: SESSION, offset: 0 },
      { type: 'detached', session: ID, reason: 'removed' },
      { type: 'control', session: ID, controller: null, you: false, cols: 120, rows: 32 },
      { type: 'exit', session: ID, status: 'exited', exitCode: 0, signal: null, offset: 99 },
      { type: 'error', code: 'not_found', message: 'no session matches "x"' },
      { type: 'error', code: 'session_ended', message: 'ended', session: ID },
      { type: 'ping', t: 1 },
      { type: 'pong' },
    ];
    for (const message of messages) expect(ServerMessageSchema.parse(message)).toEqual(message);
    expect(new Set(messages.map((m) => m.type)).size).toBe(ServerMessageSchema.options.length);
  });

  it('rejects unknown types and error codes', () => {
    expect(ServerMessageSchema.safeParse({ type: 'surprise' }).success).toBe(false);
    expect(ServerMessageSchema.safeParse({ type: 'error', code: 'oops', message: 'x' }).success).toBe(false);
  });
});
