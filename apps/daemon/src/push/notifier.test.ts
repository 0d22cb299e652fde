import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, SessionRepository, type CodePiperDatabase } from '@codepiper/core';
import type { Approval, ServerMessage } from '@codepiper/protocol';
import { Push } from './push.js';

let dir: string;
let database: CodePiperDatabase;
let push: Push;
let messages: ServerMessage[];

const SESSION = 'a1b2c3d4';
const PHONE = 'https://push.example.test/phone';
const P256DH = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');
const AUTH = Buffer.alloc(16, 1).toString('base64url');

/** The notifier works on a later turn of the event loop; this resolves after it. */
const settled = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'codepiper-notifier-'));
  database = openDatabase(join(dir, 'codepiper.db'));
  new SessionRepository(database).insert({ id: SESSION, name: 'api', command: ['claude'], cwd: '/tmp', cols: 80, rows: 24 });
  messages = [];
  push = await Push.open({ database, home: dir, subject: 'mailto:owner@example.com', broadcast: (m) => messages.push(m), log: () => undefined });
});

afterEach(() => {
  push.close();
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const agent = (state: 'working' | 'waiting-input' | 'failed' | 'exited', reason: string) => ({ id: SESSION, name: 'api', agentState: state, agentStateReason: reason });
const ended = (status: 'exited' | 'failed' | 'stopped', exitCode: number | null) => ({ id: SESSION, name: 'api', status, exitCode, signal: null });

const approval = (status: Approval['status']): Approval => ({
  id: '0badcafe',
  session: SESSION,
  sessionName: 'api',
  provider: 'claude',
  tool: 'Bash',
  input: { command: 'npm test' },
  summary: 'npm test',
  status,
  createdAt: new Date().toISOString(),
  decidedAt: null,
  decidedBy: null,
  reason: null,
  expiresAt: new Date(Date.now() + 300_000).toISOString(),
});

describe('Notifier', () => {
  it('announces a finished turn once, not again when the process exits 0 right after', async () => {
    push.notifier.agentStateChanged(agent('waiting-input', 'turn finished'), 'working');
    push.notifier.agentStateChanged(agent('exited', 'exit code 0'), 'waiting-input');
    push.notifier.sessionEnded(ended('exited', 0));
    await settled();
    expect(push.inbox.list().map((n) => [n.kind, n.title])).toEqual([['complete', 'api: finished']]);
  });

  it('announces each turn of a session that keeps working', async () => {
    push.notifier.agentStateChanged(agent('waiting-input', 'turn finished'), 'working');
    push.notifier.agentStateChanged(agent('working', 'prompt'), 'waiting-input');
    push.notifier.agentStateChanged(agent('waiting-input', 'turn finished'), 'working');
    push.notifier.agentStateChanged(agent('waiting-input', 'idle'), 'waiting-input');
    await settled();
    expect(push.inbox.list().map((n) => n.kind)).toEqual(['complete', 'complete']);
  });

  it('announces an agent failure and the exit that caused it as one crash', async () => {
    push.notifier.agentStateChanged(agent('failed', 'exit code 3'), 'working');
    push.notifier.sessionEnded(ended('failed', 3));
    await settled();
    expect(push.inbox.list().map((n) => [n.kind, n.body])).toEqual([['crashed', 'The agent failed (exit code 3).']]);
  });

  it('says nothing about a session the owner stopped', async () => {
    push.notifier.sessionEnded(ended('stopped', 143));
    await settled();
    expect(push.inbox.list()).toEqual([]);
  });

  it('announces an approval exactly once and marks it read once it is decided', async () => {
    push.notifier.approvalChanged(approval('pending'));
    push.notifier.approvalPending(approval('pending'));
    await settled();
    const [entry] = push.inbox.list();
    expect(push.inbox.list()).toHaveLength(1);
    expect(entry).toMatchObject({ kind: 'approval', approvalId: '0badcafe', title: 'api: allow Bash?', body: 'npm test', readAt: null });
    push.notifier.approvalChanged({ ...approval('approved'), decidedBy: 'owner' });
    await settled();
    expect(push.inbox.get(entry!.id)?.readAt).not.toBeNull();
    expect(push.inbox.unreadCount()).toBe(0);
  });

  it('sends every new inbox entry to the session feed with the unread count', async () => {
    push.notifier.sessionEnded(ended('failed', 1));
    await settled();
    expect(messages).toEqual([{ type: 'notification', notification: push.inbox.list()[0], unread: 1 }]);
  });

  it('skips a device that shows the session in a visible tab, and logs why', async () => {
    const { device } = push.devices.subscribe({ endpoint: PHONE, expirationTime: null, keys: { p256dh: P256DH, auth: AUTH } }, undefined);
    push.presence.update('client-1', { session: SESSION, visible: true, endpoint: PHONE });
    push.notifier.sessionEnded(ended('exited', 0));
    await settled();
    expect(push.deliveries.list()).toMatchObject([
      { subscriptionId: device.id, event: 'complete', sessionId: SESSION, attempt: 0, outcome: 'skipped', status: null, error: 'the device shows this session in a visible tab' },
    ]);
  });

  it('pushes nothing, but still fills the inbox, for a kind switched off for the session', async () => {
    push.devices.subscribe({ endpoint: PHONE, expirationTime: null, keys: { p256dh: P256DH, auth: AUTH } }, undefined);
    push.settings.updateOverrides(SESSION, { crashed: false }, new Date().toISOString());
    push.notifier.sessionEnded(ended('failed', 2));
    await settled();
    expect(push.inbox.list()).toHaveLength(1);
    expect(push.deliveries.list()).toEqual([]);
  });
});
