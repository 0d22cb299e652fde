import xtermHeadless from '@xterm/headless';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FLOOD_BYTES, HEADLESS_CATCHUP_TAIL, HEADLESS_MAX_BACKLOG, HEADLESS_SNAPSHOT_MAX_BACKLOG } from '../constants.js';
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
  p.feed(id, cols, rows, start, [buf]);
  offsets.set(id, start + buf.length);
}

function snapshot(p: HeadlessPool, id: string): Promise<HeadlessSnapshot> {
  return new Promise((resolve, reject) => p.snapshot(id, 100, (err, snap) => (err ? reject(err) : resolve(snap!))));
}

function screen(snap: HeadlessSnapshot, cols = 40, rows = 5): Promise<string[]> {
  return render(cols, rows, [snap.data, snap.pending]);
}

/** The visible lines of a fresh terminal fed `parts` in order. */
function render(cols: number, rows: number, parts: Array<string | Buffer>): Promise<string[]> {
  const term = new Terminal({ cols, rows, allowProposedApi: true });
  return new Promise((resolve) => {
    for (const part of parts) term.write(part);
    term.write('', () => {
      const buf = term.buffer.active;
      const lines: string[] = [];
      for (let y = 0; y < rows; y++) lines.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
      term.dispose();
      resolve(lines);
    });
  });
}

/** Output whose screen is determined by its last few KiB: coloured lines, now and then a clear. */
function floodText(): () => string {
  let n = 0;
  return () => {
    let s = '';
    for (let k = 0; k < 400; k++) {
      n++;
      s += `\x1b[3${n % 8}mline ${n}\x1b[0m ${'x'.repeat(n % 25)}\r\n`;
      if (n % 97 === 0) s += '\x1b[2J\x1b[H';
    }
    return s;
  };
}

async function until(cond: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  // No event tells a test that a timer has fired: poll the condition.
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
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

  it('does not defer interactive output', async () => {
    const p = newPool();
    for (let i = 0; i < 50; i++) feed(p, '00000001', `$ echo ${i}\r\n${i}\r\n`);
    expect(p.isFlooding('00000001')).toBe(false);
    expect(p.floodTimerActive).toBe(false);
    expect((await screen(await snapshot(p, '00000001')))[3]).toBe('49');
  });

  it('defers parsing during a flood, and a snapshot taken in it joins the stream exactly', async () => {
    const p = newPool();
    const id = '00000001';
    const next = floodText();
    const whole: Buffer[] = [];
    const emit = (): Buffer => {
      const b = Buffer.from(next());
      whole.push(b);
      feed(p, id, b);
      return b;
    };
    // Fed without yielding, far past the backlog bound: the backlog is cut to its tail meanwhile.
    while ((offsets.get(id) ?? 0) < HEADLESS_MAX_BACKLOG * 3) emit();
    expect(p.isFlooding(id)).toBe(true);
    expect(p.floodTimerActive).toBe(true);
    const snap = await snapshot(p, id);
    expect(snap.offset + snap.pending.length).toBe(offsets.get(id));
    expect(snap.pending.length).toBeLessThanOrEqual(HEADLESS_MAX_BACKLOG + HEADLESS_CATCHUP_TAIL);
    // The flood goes on after the answer.
    const later: Buffer[] = [];
    for (let i = 0; i < 20; i++) later.push(emit());
    expect(p.isFlooding(id)).toBe(true);
    const joined = await render(40, 5, [snap.data, snap.pending, ...later]);
    expect(joined).toEqual(await render(40, 5, whole));
    expect(joined[3]).toMatch(/^line \d+/);
  });

  it('holds a flood past its backlog bound while a snapshot is under way, so the snapshot is answered from the terminal it asked', async () => {
    const p = newPool();
    const id = '00000001';
    const next = floodText();
    const whole: Buffer[] = [];
    const emit = (): void => {
      const b = Buffer.from(next());
      whole.push(b);
      feed(p, id, b);
    };
    while ((offsets.get(id) ?? 0) < FLOOD_BYTES * 2) emit();
    expect(p.isFlooding(id)).toBe(true);
    const asked = snapshot(p, id);
    // The flood outruns the worker's parse of the tail: twice the usual bound arrives before it answers.
    const askedAt = offsets.get(id)!;
    while (offsets.get(id)! - askedAt < HEADLESS_MAX_BACKLOG * 2) emit();
    expect(offsets.get(id)! - askedAt).toBeLessThan(HEADLESS_SNAPSHOT_MAX_BACKLOG);
    const snap = await asked;
    // Cut meanwhile, the backlog would have reset that terminal: a retry would answer from the tail,
    // with at most a backlog's worth pending.
    expect(snap.offset).toBeLessThanOrEqual(askedAt);
    expect(snap.offset + snap.pending.length).toBe(offsets.get(id));
    expect(snap.pending.length).toBeGreaterThan(HEADLESS_MAX_BACKLOG + HEADLESS_CATCHUP_TAIL);
    expect(await screen(snap)).toEqual(await render(40, 5, whole));
  });

  it('parses a flood once it goes quiet, and then keeps no timer', async () => {
    const p = newPool();
    const next = floodText();
    while ((offsets.get('00000001') ?? 0) < FLOOD_BYTES * 2) feed(p, '00000001', next());
    expect(p.isFlooding('00000001')).toBe(true);
    await until(() => !p.floodTimerActive, 'the flood timer to stop');
    expect(p.isFlooding('00000001')).toBe(false);
    // Quiet output after the flood goes to the worker as usual.
    feed(p, '00000001', '\x1b[2J\x1b[Hdone');
    expect((await screen(await snapshot(p, '00000001')))[0]).toBe('done');
    expect(p.floodTimerActive).toBe(false);
  });

  it('stops the flood timer when the flooding session is closed', () => {
    const p = newPool();
    const next = floodText();
    while ((offsets.get('00000001') ?? 0) < FLOOD_BYTES * 2) feed(p, '00000001', next());
    expect(p.floodTimerActive).toBe(true);
    p.close('00000001');
    expect(p.floodTimerActive).toBe(false);
  });

  it('applies a resize during a flood after the bytes fed before it', async () => {
    const p = newPool();
    const id = '00000001';
    const next = floodText();
    const before: Buffer[] = [];
    while ((offsets.get(id) ?? 0) < FLOOD_BYTES * 2) {
      const b = Buffer.from(next());
      before.push(b);
      feed(p, id, b);
    }
    expect(p.isFlooding(id)).toBe(true);
    p.resize(id, 20, 3);
    const after = Buffer.from(next());
    feed(p, id, after, 20, 3);
    const reference = new Terminal({ cols: 40, rows: 5, allowProposedApi: true });
    const expected = await new Promise<string[]>((resolve) => {
      for (const b of before) reference.write(b);
      reference.write('', () => {
        reference.resize(20, 3);
        reference.write(after, () => {
          const buf = reference.buffer.active;
          resolve([0, 1, 2].map((y) => buf.getLine(buf.viewportY + y)?.translateToString(true) ?? ''));
          reference.dispose();
        });
      });
    });
    expect(await screen(await snapshot(p, id), 20, 3)).toEqual(expected);
  });
});

