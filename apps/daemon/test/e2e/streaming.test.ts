import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '@xterm/headless';
import type { Session } from '@codepiper/protocol';
import { destroyHome, makeHome, startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { http } from './support/http-client.js';
import { TestWsClient } from './support/ws-test-client.js';

const { Terminal } = pkg;

async function render(data: Buffer[], cols: number, rows: number): Promise<string> {
  const term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
  for (const chunk of data) await new Promise<void>((r) => term.write(chunk, r));
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) lines.push(term.buffer.active.getLine(term.buffer.active.viewportY + i)?.translateToString(true) ?? '');
  term.dispose();
  return lines.join('\n');
}

describe('daemon output streaming', () => {
  let home: string;
  let daemon: DaemonProcess;
  const clients: TestWsClient[] = [];

  beforeAll(async () => {
    home = await makeHome();
    daemon = await startDaemonProcess(home);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await destroyHome(home, daemon);
  });

  const connect = async (): Promise<TestWsClient> => {
    const client = await TestWsClient.connect(`ws+unix://${daemon.socket}:/ws`);
    clients.push(client);
    return client;
  };

  const create = async (command: string[], extra: Record<string, unknown> = {}): Promise<Session> => {
    const answer = await http(daemon, 'POST', '/api/sessions', { command, ...extra });
    expect(answer.status).toBe(201);
    return answer.json<Session>();
  };

  it('gives two clients byte-identical output', async () => {
    const session = await create(['sh', '-c', 'read go; i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo "line $i"; done; sleep 30']);
    const a = await connect();
    const b = await connect();
    a.send({ type: 'attach', session: session.id });
    b.send({ type: 'attach', session: session.id });
    await a.message('attached');
    await b.message('attached');
    await a.until(() => a.framesOf(session.id).some((f) => f.kind === 'snapshot'), 'snapshot a');
    await b.until(() => b.framesOf(session.id).some((f) => f.kind === 'snapshot'), 'snapshot b');
    a.send({ type: 'input', session: session.id, data: 'go\r' });
    await a.untilText(session.id, 'line 300');
    await b.untilText(session.id, 'line 300');
    const sa = a.streamSinceSnapshot(session.id);
    const sb = b.streamSinceSnapshot(session.id);
    const common = Math.max(sa.snapshotOffset, sb.snapshotOffset);
    expect(sa.end).toBe(sb.end);
    expect(sa.output.subarray(common - sa.snapshotOffset).equals(sb.output.subarray(common - sb.snapshotOffset))).toBe(true);
  });

  it('gives a late client the current screen, then live output from that exact offset', async () => {
    const session = await create(['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.01; done'], { cols: 60, rows: 10 });
    const early = await connect();
    early.send({ type: 'attach', session: session.id });
    await early.untilText(session.id, 'tick 40');
    const late = await connect();
    late.send({ type: 'attach', session: session.id });
    await late.until(() => late.framesOf(session.id).some((f) => f.kind === 'snapshot'), 'late snapshot');
    await late.until(() => late.streamSinceSnapshot(session.id).output.includes('tick 80'), 'more output after the snapshot', 20_000);
    const lateStream = late.streamSinceSnapshot(session.id);
    await early.until(() => early.streamSinceSnapshot(session.id).end >= lateStream.end, 'early client to catch up');
    const earlyStream = early.streamSinceSnapshot(session.id);
    // No gap, no duplicate: the late client's bytes after its snapshot are exactly the early client's bytes from that offset.
    const fromOffset = lateStream.snapshotOffset - earlyStream.snapshotOffset;
    expect(fromOffset).toBeGreaterThan(0);
    expect(earlyStream.output.subarray(fromOffset, fromOffset + lateStream.output.length).equals(lateStream.output)).toBe(true);
    // And the snapshot plus what followed paints the same screen as the whole stream.
    const full = await render([earlyStream.output.subarray(0, fromOffset + lateStream.output.length)], 60, 10);
    const stitched = await render([lateStream.snapshot, lateStream.output], 60, 10);
    expect(stitched).toBe(full);
  });

  it('resumes a reconnecting client from its byte offset without a snapshot', async () => {
    const session = await create(['sh', '-c', 'read x; echo "got $x"; read y; echo "then $y"; sleep 30']);
    const first = await connect();
    first.send({ type: 'attach', session: session.id });
    await first.until(() => first.framesOf(session.id).some((f) => f.kind === 'snapshot'), 'snapshot');
    first.send({ type: 'input', session: session.id, data: 'one\r' });
    await first.untilText(session.id, 'got one');
    const offset = first.streamSinceSnapshot(session.id).end;
    await first.close();
    await http(daemon, 'POST', `/api/sessions/${session.id}/input`, { text: 'two', enter: true });
    const again = await connect();
    again.send({ type: 'attach', session: session.id, from: offset });
    await again.until(() => again.framesOf(session.id).some((f) => f.kind === 'output' && f.payload.toString().includes('then two')), 'resumed output');
    const frames = again.framesOf(session.id);
    expect(frames.some((f) => f.kind === 'snapshot')).toBe(false);
    expect(frames[0]!.offset).toBe(offset);
  });

  it('tells attached clients when the process exits, with its exit code', async () => {
    const session = await create(['sh', '-c', 'read x; echo bye; exit 7']);
    const client = await connect();
    client.send({ type: 'attach', session: session.id });
    await client.message('attached');
    await client.until(() => client.framesOf(session.id).length > 0, 'first frame');
    client.send({ type: 'input', session: session.id, data: '\r' });
    const exit = await client.message('exit', (m) => m.session === session.id);
    expect(exit).toMatchObject({ status: 'failed', exitCode: 7, signal: null });
    const after = (await http(daemon, 'GET', `/api/sessions/${session.id}`)).json<Session>();
    expect(after).toMatchObject({ status: 'failed', exitCode: 7 });
    expect(after.endedAt).not.toBeNull();
  });

  it('lets the most recent typist control the pty size and restores the base size when it leaves', async () => {
    const session = await create(['sh'], { cols: 100, rows: 30 });
    const desk = await connect();
    const phone = await connect();
    desk.send({ type: 'attach', session: session.id, cols: 150, rows: 40 });
    phone.send({ type: 'attach', session: session.id, cols: 40, rows: 20 });
    await desk.message('control');
    phone.send({ type: 'input', session: session.id, data: 'stty size\r' });
    await phone.untilText(session.id, '20 40');
    desk.send({ type: 'input', session: session.id, data: 'stty size\r' });
    await desk.untilText(session.id, '40 150');
    await desk.close();
    await phone.message('control', (m) => m.controller === null && m.cols === 100);
    phone.send({ type: 'release-control', session: session.id });
    const viewer = await connect();
    viewer.send({ type: 'attach', session: session.id, readOnly: true });
    await viewer.message('attached');
    await http(daemon, 'POST', `/api/sessions/${session.id}/input`, { text: 'stty size', enter: true });
    await viewer.untilText(session.id, '30 100');
  });

  it('subscribes to the session list and sees sessions appear and end without polling', async () => {
    const watcher = await connect();
    watcher.send({ type: 'subscribe-sessions' });
    await watcher.message('sessions');
    const session = await create(['sh', '-c', 'read x']);
    await watcher.message('session', (m) => m.session.id === session.id && m.session.status === 'running');
    await http(daemon, 'POST', `/api/sessions/${session.id}/kill`);
    await watcher.message('session', (m) => m.session.id === session.id && m.session.status === 'stopped');
  });

  it('announces the last activity of a session that prints after a quiet spell, once per burst', async () => {
    const watcher = await connect();
    watcher.send({ type: 'subscribe-sessions' });
    await watcher.message('sessions');
    const session = await create(['sh', '-c', 'read x; echo "got $x"; read y']);
    const created = await watcher.message('session', (m) => m.session.id === session.id);
    expect(created.session.lastActivityAt).toBeNull();
    await http(daemon, 'POST', `/api/sessions/${session.id}/input`, { text: 'ping', enter: true });
    const active = await watcher.message('session', (m) => m.session.id === session.id && m.session.lastActivityAt !== null);
    expect(Date.parse(active.session.lastActivityAt!)).toBeGreaterThan(Date.parse(session.createdAt));
  });
});
