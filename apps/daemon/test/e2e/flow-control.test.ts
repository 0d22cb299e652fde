import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { decodeFrame } from '@codepiper/protocol';
import type { Session } from '@codepiper/protocol';
import { destroyHome, makeHome, startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { http } from './support/http-client.js';
import { TestWsClient } from './support/ws-test-client.js';
import { waitFor } from './support/wait-for.js';

/** Resident memory of a process; 0 once it is gone (the test then fails on its own assertions). */
const rssMiB = (pid: number): number => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
  } catch {
    return 0;
  }
};

/** A minimal client: counts 'x' bytes, snapshots and offset gaps of one session, keeping nothing. */
async function countingClient(url: string, id: string) {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  const state = { socket, xCount: 0, gaps: 0, snapshots: 0, snapshotSeen: undefined as unknown as Promise<void>, done: undefined as unknown as Promise<void> };
  let cursor = -1;
  let tail = '';
  let onSnapshot!: () => void;
  let onDone!: () => void;
  state.snapshotSeen = new Promise((r) => (onSnapshot = r));
  state.done = new Promise((r) => (onDone = r));
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return;
    const frame = decodeFrame(new Uint8Array(data));
    if (frame.sessionId !== id) return;
    if (frame.kind === 'snapshot') {
      state.snapshots++;
      cursor = frame.offset;
      onSnapshot();
      // A resync (the test then fails on the count) may carry the end marker on its screen.
      if (state.snapshots > 1 && Buffer.from(frame.payload).includes('FLOOD-DONE')) onDone();
      return;
    }
    if (frame.offset !== cursor) state.gaps++;
    cursor = frame.offset + frame.payload.length;
    const payload = frame.payload;
    for (let i = 0; i < payload.length; i++) if (payload[i] === 0x78) state.xCount++;
    tail = (tail + Buffer.from(payload.subarray(Math.max(0, payload.length - 32))).toString('latin1')).slice(-32);
    if (tail.includes('FLOOD-DONE')) onDone();
  });
  await new Promise<void>((resolveOpen, reject) => {
    socket.once('open', () => resolveOpen());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'attach', session: id }));
  return state;
}

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
    const stalled = await TestWsClient.connect(`ws+unix://${daemon.socket}:/ws`);
    stalled.send({ type: 'attach', session: session.id });
    await stalled.until(() => stalled.framesOf(session.id).some((f) => f.kind === 'snapshot'), 'stalled snapshot');
    // The live client only counts: it must be limited by the daemon, not by its own bookkeeping.
    const live = await countingClient(`ws+unix://${daemon.socket}:/ws`, session.id);
    await live.snapshotSeen;
    const rssBefore = rssMiB(daemon.child.pid!);

    // Stop reading: the kernel buffers fill, then the daemon's per-client bound kicks in.
    (stalled.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    let peakRss = rssBefore;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMiB(daemon.child.pid!))), 25);
    try {
      live.socket.send(JSON.stringify({ type: 'input', session: session.id, data: '\r' }));
      await live.done;
    } finally {
      clearInterval(sampler);
    }

    expect(daemon.child.exitCode, daemon.stderr()).toBeNull();
    // The live client got every byte, in order, without a resync.
    expect(live.gaps).toBe(0);
    expect(live.snapshots).toBe(1);
    expect(live.xCount).toBe(total);
    // The stalled client's backlog is bounded: the daemon did not buffer the flood for it.
    expect(peakRss - rssBefore).toBeLessThan(64);

    // Once it reads again it is resynchronised with a snapshot and sees the end of the flood.
    (stalled.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    await stalled.until(() => stalled.framesOf(session.id).filter((f) => f.kind === 'snapshot').length >= 2, 'a resync snapshot', 30_000);
    expect(stalled.receivedSinceSnapshot(session.id)).toBeLessThan(total);
    await stalled.untilText(session.id, 'FLOOD-DONE', 30_000);
    live.socket.close();
    await stalled.close();
  });

  it('consumes output with no client attached, into the log and the screen', async () => {
    const session = (await http(daemon, 'POST', '/api/sessions', { command: ['sh', '-c', 'seq 1 20000; echo NOBODY-WATCHED; sleep 60'] })).json<Session>();
    await waitFor(async () => (await http(daemon, 'GET', `/api/sessions/${session.id}/log`)).body.includes('NOBODY-WATCHED'), 'the log to hold the output');
    const client = await TestWsClient.connect(`ws+unix://${daemon.socket}:/ws`);
    client.send({ type: 'attach', session: session.id });
    await client.untilText(session.id, 'NOBODY-WATCHED');
    await client.close();
  });
});
