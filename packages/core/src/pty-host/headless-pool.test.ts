import xtermHeadless from '@xterm/headless';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HEADLESS_CATCHUP_TAIL, HEADLESS_MAX_BACKLOG } from '../constants.js';
import { HeadlessPool, type HeadlessSnapshot } from './headless-pool.js';
import { assertHostBuilt, distWorkerUrl } from './test-support/built-host.js';

const { Terminal } = xtermHeadless;
// The worker runs the built file (a worker thread cannot load TypeScript).
const workerUrl = distWorkerUrl;

let pool: HeadlessPool | null = null;
const offsets = new Map<string, number>();

beforeAll(assertHostBuilt);

afterEach(async () => {
  await pool?.shutdown();
  pool = null;
  offsets.clear();
});

function newPool(): HeadlessPool {
  pool = new HeadlessPool({ workerUrl, flushTurn: () => undefined, offsetOf: (id) => offsets.get(id) ?? 0, log: () => undefined });
  return pool;
}

function feed(p: HeadlessPool, id: string, data: string | Buffer, cols = 40, rows = 5): void {
  const buf = Buffer.from(data);
  const start = offsets.get(id) ?? 0;
  p.feed(id, cols, rows, start, buf);
  offsets.set(id, start + buf.length);
}

function snapshot(p: HeadlessPool, id: string): Promise<HeadlessSnapshot> {
  return new Promise((resolve, reject) => p.snapshot(id, 100, (err, snap) => (err ? reject(err) : resolve(snap!))));
}

function screen(snap: HeadlessSnapshot, cols = 40, rows = 5): Promise<string[]> {
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  return new Promise((resolve) => {
    term.write(snap.data);
    term.write(snap.pending, () => {
      const buf = term.buffer.active;
      const lines: string[] = [];
      for (let y = 0; y < rows; y++) lines.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
      term.dispose();
      resolve(lines);
    });
  });
}

describe('headless pool', () => {
  it('answers an empty screen at the current offset before any output', async () => {
    const p = newPool();
    expect(await snapshot(p, '00000001')).toEqual({ offset: 0, data: '', pending: Buffer.alloc(0) });
  });

  it('snapshots a screen whose parse may lag, with the unparsed bytes as pending', async () => {
    const p = newPool();
    feed(p, '00000001', 'hello\r\n\x1b[1;10Hthere');
    const snap = await snapshot(p, '00000001');
    expect(snap.offset + snap.pending.length).toBe(offsets.get('00000001'));
    expect(await screen(snap)).toEqual(['hello    there', '', '', '', '']);
  });

  it('keeps sessions apart and applies resizes in order with the data', async () => {
    const p = newPool();
    feed(p, '00000001', 'one');
    feed(p, '00000002', 'two');
    p.resize('00000002', 20, 3);
    const two = await snapshot(p, '00000002');
    expect((await screen(two, 20, 3))[0]).toBe('two');
    expect((await screen(await snapshot(p, '00000001')))[0]).toBe('one');
  });

  it('drops a backlog over HEADLESS_MAX_BACKLOG and catches up from the tail', async () => {
    const p = newPool();
    // Fed without yielding: the worker cannot report progress, so the backlog only grows.
    let n = 0;
    const total = HEADLESS_MAX_BACKLOG * 2.5;
    while ((offsets.get('00000001') ?? 0) < total) {
      let chunk = '';
      for (let k = 0; k < 2000; k++) chunk += `line ${n++}\r\n`;
      feed(p, '00000001', chunk);
    }
    const snap = await snapshot(p, '00000001');
    expect(snap.offset + snap.pending.length).toBe(offsets.get('00000001'));
    // Bounded: what is not parsed yet is at most one backlog.
    expect(snap.pending.length).toBeLessThanOrEqual(HEADLESS_MAX_BACKLOG + HEADLESS_CATCHUP_TAIL);
    const lines = await screen(snap);
    expect(lines.slice(0, 4)).toEqual([`line ${n - 4}`, `line ${n - 3}`, `line ${n - 2}`, `line ${n - 1}`]);
  });
});
