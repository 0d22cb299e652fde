/**
 * The pty host under floods (output faster than any screen can show): exact byte counts, bounded
 * memory, and snapshots that join the stream exactly while parsing is deferred and cut to the tail.
 * Real ptys and a real host process (dist/pty-host/main.js: build core first).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_FRAME_MAX_PAYLOAD } from '../constants.js';
import { homePaths } from '../home.js';
import { outputLogRange, readOutputLog } from '../output-log/index.js';
import type { HostExitInfo, HostSnapshot, PtyHostClient } from './index.js';
import { assertHostBuilt } from './test-support/built-host.js';
import { cleanupHosts, connect, newHome, newId, Recorder, rssBytes, screenLines, spawnOpts } from './test-support/host-fixture.js';

beforeAll(assertHostBuilt);
afterAll(cleanupHosts, 60_000);

describe('pty host floods', () => {
  let home: string;
  let client: PtyHostClient;

  beforeAll(async () => {
    home = await newHome();
    client = await connect(home);
  });

  it('streams a flood with exact byte counts and bounded host memory', async () => {
    const id = newId();
    const rec = new Recorder(client, id);
    // base64 writes 76 characters and \n per 57 input bytes; the tty makes each \n a \r\n.
    const lines = 919_803;
    const total = lines * 78;
    const cap = 1024 * 1024;
    await client.spawn(spawnOpts(id, ['sh', '-c', `head -c ${lines * 57} /dev/zero | base64`], { logCapBytes: cap }));
    const dir = homePaths(home).sessionDir(id);
    const expected = (offset: number): number => {
      const col = offset % 78;
      return col < 76 ? 0x41 : col === 76 ? 0x0d : 0x0a;
    };
    let maxRss = 0;
    let logReads = 0;
    while (rec.exit === null) {
      maxRss = Math.max(maxRss, rssBytes(client.hostPid));
      // Read the log from this process while the host writes it: every byte is where it belongs.
      for await (const chunk of readOutputLog(dir)) {
        for (let k = 0; k < chunk.data.length; k += 4099) expect(chunk.data[k]).toBe(expected(chunk.offset + k));
      }
      logReads++;
      await new Promise((r) => setTimeout(r, 20));
    }
    const exit = rec.exit as HostExitInfo;
    expect(exit.offset).toBe(total);
    expect(exit.exitCode).toBe(0);
    expect(rec.bytes()).toBe(total);
    expect(rec.end).toBe(total);
    expect(logReads).toBeGreaterThan(1);
    const range = await outputLogRange(dir);
    expect(range.end).toBe(total);
    expect(range.end - range.start).toBeGreaterThanOrEqual(cap / 2);
    expect(range.end - range.start).toBeLessThanOrEqual(cap);
    // Frames are capped.
    expect(Math.max(...rec.frames.map((f) => f.payload.length))).toBeLessThanOrEqual(OUTPUT_FRAME_MAX_PAYLOAD);
    // The headless terminal caught up (lossily) and shows the flood's tail.
    const snap = await client.snapshot(id);
    expect(snap.offset + snap.pending.length).toBe(total);
    const screen = await screenLines(snap, 80, 24);
    expect(screen.slice(0, 23)).toEqual(Array(23).fill('A'.repeat(76)));
    // Memory: worker + backlogs + socket buffers stay far below the 70 MB that went through.
    if (maxRss > 0) expect(maxRss).toBeLessThan(300 * 1024 * 1024);
    console.log(`flood: ${(total / 1e6).toFixed(0)} MB in ${rec.frames.length} frames, host max RSS ${(maxRss / 1e6).toFixed(0)} MB`);
  }, 120_000);

  it('joins snapshots taken during a flood with the stream exactly, lossy catch-up included', async () => {
    const id = newId();
    const rec = new Recorder(client, id);
    const cols = 60;
    const rows = 20;
    // The same redraws as above, written as fast as the pty takes them (a flood: parsing is deferred
    // and the backlog cut to its tail many times over), then DONE.
    const program = `
      let i = 0;
      let written = 0;
      while (written < 24e6) {
        let s = '';
        for (let k = 0; k < 400; k++) {
          i++;
          s += '\\x1b[' + ((i * 7) % 19 + 1) + ';' + ((i % 5) + 1) + 'H\\x1b[K\\x1b[3' + (i % 8) + 'mline ' + i + ' ' + 'x'.repeat(i % 40) + '\\x1b[0m';
          if (i % 97 === 0) s += '\\x1b[2J';
        }
        process.stdout.write(s);
        written += s.length;
      }
      process.stdout.write('\\x1b[20;1HDONE');
      setTimeout(() => {}, 100000);`;
    const done = (): boolean => Buffer.concat(rec.frames.slice(-2).map((f) => f.payload)).includes('DONE');
    await client.spawn(spawnOpts(id, [process.execPath, '-e', program], { cols, rows }));
    await rec.waitText('line 40');

    const snaps: HostSnapshot[] = [];
    while (!done()) {
      snaps.push(await client.snapshot(id));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(snaps.length).toBeGreaterThan(2);
    // The whole stream, parsed from its first byte: what every joined screen must show.
    const truth = await screenLines({ data: '', pending: Buffer.alloc(0) }, cols, rows, rec.frames.map((f) => f.payload));
    expect(truth[19]).toBe('DONE');
    expect(await screenLines(await client.snapshot(id), cols, rows)).toEqual(truth);

    for (const snap of snaps) {
      const q = snap.offset + snap.pending.length;
      for (const f of rec.frames) {
        if (f.offset < q) expect(f.offset + f.payload.length).toBeLessThanOrEqual(q);
      }
    }
    // Replaying each join costs a parse of the rest of the flood: check a spread of them.
    const step = Math.max(1, Math.floor(snaps.length / 4));
    for (let i = 0; i < snaps.length; i += step) {
      const snap = snaps[i]!;
      const after = rec.frames.filter((f) => f.offset >= snap.offset + snap.pending.length);
      expect(await screenLines(snap, cols, rows, after.map((f) => f.payload))).toEqual(truth);
    }
    client.signal(id, 'SIGKILL');
    await rec.waitExit();
  }, 120_000);
});
