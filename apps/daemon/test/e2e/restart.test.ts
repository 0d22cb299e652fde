import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '@codepiper/protocol';
import { destroyHome, makeHome, startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { http } from './support/http-client.js';
import { TestWsClient } from './support/ws-test-client.js';

const numbersIn = (text: string): number[] => [...text.matchAll(/count (\d+)/g)].map((m) => Number(m[1]));

describe('daemon restart', () => {
  let home: string;
  let daemon: DaemonProcess;

  beforeAll(async () => {
    home = await makeHome();
    daemon = await startDaemonProcess(home);
  });

  afterAll(async () => {
    await destroyHome(home, daemon);
  });

  it('keeps a session running across kill -9 of the daemon, with its screen and log continuous', async () => {
    const created = await http(daemon, 'POST', '/api/sessions', {
      name: 'counter',
      command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "count $i"; sleep 0.02; done'],
      cols: 80,
      rows: 12,
    });
    const session = created.json<Session>();
    const before = await TestWsClient.connect(`ws+unix://${daemon.socket}:/ws`);
    before.send({ type: 'attach', session: session.id });
    await before.untilText(session.id, 'count 20');
    await before.close();
    const pidBefore = session.pid;

    await daemon.kill9();
    // The counter keeps counting while no daemon exists; the restarted daemon finds it through the pty host.
    daemon = await startDaemonProcess(home);

    const after = (await http(daemon, 'GET', '/api/sessions/counter')).json<Session>();
    expect(after).toMatchObject({ id: session.id, status: 'running', pid: pidBefore });

    const client = await TestWsClient.connect(`ws+unix://${daemon.socket}:/ws`);
    client.send({ type: 'attach', session: session.id });
    await client.until(() => client.framesOf(session.id).some((f) => f.kind === 'snapshot'), 'snapshot after restart');
    const screen = client.streamSinceSnapshot(session.id).snapshot.toString('utf8');
    expect(numbersIn(screen).length).toBeGreaterThan(5);
    const lastOnScreen = Math.max(...numbersIn(screen));
    await client.until(() => numbersIn(client.text(session.id)).some((n) => n > lastOnScreen + 20), 'the counter to keep going live');
    await client.close();

    const log = (await http(daemon, 'GET', `/api/sessions/${session.id}/log`)).body.toString('utf8');
    const counts = numbersIn(log);
    expect(counts[0]).toBe(1);
    counts.forEach((n, i) => expect(n).toBe(i + 1));
    expect(counts.length).toBeGreaterThan(lastOnScreen);
  });

  it('records an exit that happened while the daemon was down', async () => {
    const created = await http(daemon, 'POST', '/api/sessions', { command: ['sh', '-c', 'read x; exit 5'] });
    const session = created.json<Session>();
    await daemon.kill9();
    // The session ends while no daemon runs; the pty host keeps its exit until a daemon records it.
    process.kill(session.pid!, 'SIGTERM');
    daemon = await startDaemonProcess(home);
    const after = (await http(daemon, 'GET', `/api/sessions/${session.id}`)).json<Session>();
    expect(after.status).toBe('failed');
    expect(after.signal ?? after.exitCode).not.toBeNull();
    const events = (await http(daemon, 'GET', `/api/sessions/${session.id}/events`)).json<Array<{ type: string }>>();
    expect(events.map((e) => e.type)).toContain('failed');
  });

  it('shuts down gracefully on SIGTERM and leaves sessions running', async () => {
    const created = await http(daemon, 'POST', '/api/sessions', { name: 'survivor', command: ['sh', '-c', 'sleep 60'] });
    const session = created.json<Session>();
    await daemon.stop();
    expect(daemon.child.exitCode).toBe(0);
    daemon = await startDaemonProcess(home);
    const after = (await http(daemon, 'GET', '/api/sessions/survivor')).json<Session>();
    expect(after).toMatchObject({ id: session.id, status: 'running' });
  });
});
