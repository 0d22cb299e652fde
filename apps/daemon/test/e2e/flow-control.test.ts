import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Session } from '@codepiper/protocol';
import { destroyHome, makeHome, startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { http } from './support/http-client.js';
import { TestWsClient } from './support/ws-test-client.js';
import { waitFor } from './support/wait-for.js';

const rssMiB = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
};

describe('daemon flow control', () => {
  let home: string;
  let daemon: DaemonProcess;

  beforeAll(async () => {
    home = await makeHome();
    daemon = await startDaemonProcess(home);
  });

  afterAll(async () => {
    await destroyHome(home, daemon);
  });

  it('lets a stalled client fall behind without slowing a live one or growing the daemon', async () => {
    const total = 40 * 1024 * 1024;
    const session = (
      await http(daemon, 'POST', '/api/sessions', { command: ['sh', '-c', `read go; head -c ${total} /dev/zero | tr '\\0' 'x'; echo; echo FLOOD-DONE; sleep 60`] })
    ).json<Session>();
    const stalled = await TestWsClient.connect(`ws://127.0.0.1:${daemon.wsPort}/`);
    const live = await TestWsClient.connect(`ws://127.0.0.1:${daemon.wsPort}/`);
    stalled.send({ type: 'attach', session: session.id });
    live.send({ type: 'attach', session: session.id });
    await stalled.message('attached');
    await live.until(() => live.framesOf(session.id).some((f) => f.kind === 'snapshot'), 'live snapshot');
    await stalled.until(() => stalled.framesOf(session.id).some((f) => f.kind === 'snapshot'), 'stalled snapshot');
    const rssBefore = rssMiB(daemon.child.pid!);

    // Stop reading: the kernel buffers fill, then the daemon's per-client bound kicks in.
    (stalled.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(daemon.child.pid!))), 25);
    try {
      live.send({ type: 'input', session: session.id, data: '\r' });
      await live.untilText(session.id, 'FLOOD-DONE', 60_000);
    } finally {
      clearInterval(sampler);
    }

    // The live client got every byte, in order (streamSinceSnapshot throws on a gap).
    const received = live.streamSinceSnapshot(session.id).output.toString('latin1');
    expect(received.split('x').length - 1).toBe(total);
    // The stalled client's backlog is bounded: the daemon did not buffer the flood for it.
    expect(peakRss - rssBefore).toBeLessThan(64);

    // Once it reads again it is resynchronised with a snapshot and sees the end of the flood.
    (stalled.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    await stalled.until(() => stalled.framesOf(session.id).filter((f) => f.kind === 'snapshot').length >= 2, 'a resync snapshot', 30_000);
    expect(stalled.receivedSinceSnapshot(session.id)).toBeLessThan(total);
    await stalled.untilText(session.id, 'FLOOD-DONE', 30_000);
    await Promise.all([stalled.close(), live.close()]);
  });

  it('consumes output with no client attached, into the log and the screen', async () => {
    const session = (await http(daemon, 'POST', '/api/sessions', { command: ['sh', '-c', 'seq 1 20000; echo NOBODY-WATCHED; sleep 60'] })).json<Session>();
    await waitFor(async () => (await http(daemon, 'GET', `/api/sessions/${session.id}/log`)).body.includes('NOBODY-WATCHED'), 'the log to hold the output');
    const client = await TestWsClient.connect(`ws://127.0.0.1:${daemon.wsPort}/`);
    client.send({ type: 'attach', session: session.id });
    await client.untilText(session.id, 'NOBODY-WATCHED');
    await client.close();
  });
});
