import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OutputLogWriter,
  outputLogRange,
  readExitRecord,
  readOutputLog,
  segmentFileName,
  writeExitRecord,
  type OutputLogChunk,
} from './index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readAll(sessionDir: string, from?: number): Promise<OutputLogChunk[]> {
  const chunks: OutputLogChunk[] = [];
  for await (const c of readOutputLog(sessionDir, from === undefined ? {} : { from })) chunks.push(c);
  return chunks;
}

function joinChunks(chunks: OutputLogChunk[]): { start: number; data: Buffer } {
  let pos = chunks[0]?.offset ?? 0;
  for (const c of chunks) {
    expect(c.offset).toBe(pos);
    pos += c.data.length;
  }
  return { start: chunks[0]?.offset ?? 0, data: Buffer.concat(chunks.map((c) => c.data)) };
}

async function segmentNames(sessionDir: string): Promise<string[]> {
  return (await readdir(sessionDir)).filter((n) => n.endsWith('.log')).sort();
}

describe('output log', () => {
  it('names segments by 16 hex digits of their start offset', () => {
    expect(segmentFileName(0)).toBe('0000000000000000.log');
    expect(segmentFileName(0x1234abcd)).toBe('000000001234abcd.log');
  });

  it('rotates so that it keeps between cap/2 and cap bytes with continuous offsets', async () => {
    const cap = 1000;
    const w = await OutputLogWriter.open(dir, { capBytes: cap });
    const all = randomBytes(23_456);
    let pos = 0;
    let step = 1;
    while (pos < all.length) {
      const n = Math.min(step, all.length - pos);
      w.append(all.subarray(pos, pos + n));
      pos += n;
      step = (step * 7 + 3) % 900 || 1;
      if (step % 5 === 0) await w.flush();
      if (pos > cap) {
        await w.flush();
        const { start, end } = await outputLogRange(dir);
        expect(end).toBe(pos);
        expect(end - start).toBeGreaterThanOrEqual(cap / 2);
        expect(end - start).toBeLessThanOrEqual(cap);
        expect((await segmentNames(dir)).length).toBeLessThanOrEqual(2);
      }
    }
    await w.close();
    const names = await segmentNames(dir);
    expect(names.length).toBe(2);
    for (const name of names) {
      const size = (await stat(join(dir, name))).size;
      expect(size).toBeLessThanOrEqual(cap / 2);
    }
    const { start, data } = joinChunks(await readAll(dir));
    expect(start + data.length).toBe(all.length);
    expect(Buffer.compare(data, all.subarray(start))).toBe(0);
    expect(w.offset).toBe(all.length);
  });

  it('reads from an offset', async () => {
    const w = await OutputLogWriter.open(dir, { capBytes: 4096 });
    const all = randomBytes(5000);
    w.append(all);
    await w.close();
    const { start, end } = await outputLogRange(dir);
    expect(end).toBe(5000);
    // Segments [0, 2048) (deleted), [2048, 4096) and [4096, 5000).
    expect(start).toBe(2048);
    // Before the start: from the start.
    const fromZero = joinChunks(await readAll(dir, 0));
    expect(fromZero.start).toBe(start);
    const mid = joinChunks(await readAll(dir, 4500));
    expect(mid.start).toBe(4500);
    expect(Buffer.compare(mid.data, all.subarray(4500))).toBe(0);
    expect(await readAll(dir, 5000)).toEqual([]);
    expect(await readAll(dir, 9999)).toEqual([]);
  });

  it('continues the existing log at its end, and replaces a log of another stream', async () => {
    const w1 = await OutputLogWriter.open(dir, { capBytes: 100 });
    w1.append(Buffer.alloc(130, 1));
    await w1.close();
    expect(await outputLogRange(dir)).toEqual({ start: 50, end: 130 });

    const w2 = await OutputLogWriter.open(dir, { capBytes: 100, startOffset: 130 });
    w2.append(Buffer.alloc(30, 2));
    await w2.close();
    expect(await outputLogRange(dir)).toEqual({ start: 100, end: 160 });
    const { data } = joinChunks(await readAll(dir));
    expect(Buffer.compare(data, Buffer.concat([Buffer.alloc(30, 1), Buffer.alloc(30, 2)]))).toBe(0);

    const w3 = await OutputLogWriter.open(dir, { capBytes: 100, startOffset: 0 });
    w3.append(Buffer.from('fresh'));
    await w3.close();
    expect(await segmentNames(dir)).toEqual([segmentFileName(0)]);
    expect(joinChunks(await readAll(dir)).data.toString()).toBe('fresh');
  });

  it('starts at the offset the host gives it', async () => {
    const w = await OutputLogWriter.open(dir, { startOffset: 1_000_000 });
    w.append(Buffer.from('abc'));
    await w.close();
    expect(await outputLogRange(dir)).toEqual({ start: 1_000_000, end: 1_000_003 });
    expect(await readAll(dir)).toEqual([{ offset: 1_000_000, data: Buffer.from('abc') }]);
  });

  it('starts a fresh directory at its start offset without looking for older segments', async () => {
    const fresh = join(dir, 'fresh');
    await mkdir(fresh);
    const w = await OutputLogWriter.open(fresh, { fresh: true, startOffset: 0, capBytes: 100 });
    w.append(Buffer.alloc(60, 7));
    await w.close();
    expect(await segmentNames(fresh)).toEqual([segmentFileName(0), segmentFileName(50)]);
    expect(await outputLogRange(fresh)).toEqual({ start: 0, end: 60 });
    expect(Buffer.compare(joinChunks(await readAll(fresh)).data, Buffer.alloc(60, 7))).toBe(0);
  });

  it('is empty when there is no log', async () => {
    expect(await outputLogRange(join(dir, 'missing'))).toEqual({ start: 0, end: 0 });
    expect(await readAll(join(dir, 'missing'))).toEqual([]);
  });

  it('can be read while it is being written and rotated', async () => {
    const cap = 64 * 1024;
    const w = await OutputLogWriter.open(dir, { capBytes: cap });
    const all = randomBytes(2 * 1024 * 1024);
    let written = 0;
    const writer = (async () => {
      while (written < all.length) {
        const n = Math.min(1000 + (written % 7000), all.length - written);
        w.append(all.subarray(written, written + n));
        written += n;
        // Paced like a busy program, so that the reader runs many times during the writing.
        await new Promise((r) => setTimeout(r, 1));
      }
      await w.close();
    })();
    let reads = 0;
    while (written < all.length) {
      const chunks = await readAll(dir);
      reads++;
      if (chunks.length === 0) continue;
      // Every byte read is the byte written at that offset; within a segment there is no gap.
      for (const c of chunks) expect(Buffer.compare(c.data, all.subarray(c.offset, c.offset + c.data.length))).toBe(0);
    }
    await writer;
    expect(reads).toBeGreaterThan(10);
    const { start, data } = joinChunks(await readAll(dir));
    expect(start + data.length).toBe(all.length);
    expect(data.length).toBeGreaterThanOrEqual(cap / 2);
    expect(data.length).toBeLessThanOrEqual(cap);
  });

  it('batches writes: a flood of small chunks is written at disk speed', async () => {
    const w = await OutputLogWriter.open(dir, { capBytes: 16 * 1024 * 1024 });
    const chunk = randomBytes(16 * 1024);
    const total = 128 * 1024 * 1024;
    const t0 = performance.now();
    for (let n = 0; n < total; n += chunk.length) {
      w.append(chunk);
      // A pty delivers a few chunks per event-loop turn.
      if ((n / chunk.length) % 4 === 3) await new Promise((r) => setImmediate(r));
    }
    await w.close();
    const seconds = (performance.now() - t0) / 1000;
    const { start, end } = await outputLogRange(dir);
    expect(end).toBe(total);
    expect(end - start).toBe(16 * 1024 * 1024);
    console.log(`output log: ${(total / 1e6 / seconds).toFixed(0)} MB/s appending 16 KiB chunks`);
  });
});

describe('exit record', () => {
  it('writes atomically and reads back', async () => {
    const rec = { exitCode: null, signal: 'SIGKILL', offset: 42, endedAt: new Date().toISOString() };
    await writeExitRecord(dir, rec);
    expect(await readExitRecord(dir)).toEqual(rec);
    expect((await readdir(dir)).filter((n) => n.includes('tmp'))).toEqual([]);
    const rec2 = { exitCode: 3, signal: null, offset: 43, endedAt: new Date().toISOString() };
    await writeExitRecord(dir, rec2);
    expect(await readExitRecord(dir)).toEqual(rec2);
  });

  it('is null when missing or unreadable', async () => {
    expect(await readExitRecord(dir)).toBeNull();
    await writeFile(join(dir, 'exit.json'), '{not json');
    expect(await readExitRecord(dir)).toBeNull();
  });
});
