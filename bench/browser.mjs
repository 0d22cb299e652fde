/* global PerformanceObserver, requestAnimationFrame, document -- instrument() and the evaluate callbacks run in the page */
// Figure 7, the browser: a flood rendered by the dashboard's session page in Chromium. Measured inside
// the page, without touching the app: a wrapper around the page's WebSocket counts the output bytes
// that arrive and the acknowledgements the terminal sends once xterm has parsed them (from its write
// callback), and a PerformanceObserver plus a requestAnimationFrame loop record how long the main
// thread was blocked. MB/s = bytes xterm parsed / time from the first keystroke to the end marker parsed.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { readFile, rm } from 'node:fs/promises';
import { setUpOwner } from '../apps/web/bench/first-load.mjs';
import { api, REPO, sleep, startDaemon } from './support.mjs';
import { floodBytes } from './throughput.mjs';

// playwright-core is the dashboard's (test) dependency: resolved from there.
const { chromium } = createRequire(join(REPO, 'apps/web/package.json'))('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [...(process.env.BENCH_CHROMIUM_ARGS ? process.env.BENCH_CHROMIUM_ARGS.split(' ') : []), '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const MARKER = 'CODEPIPER-BENCH-END';
const execFileAsync = promisify(execFile);

/** Runs in the page before the app: instruments its WebSocket and the main thread. */
function instrument() {
  // progress: [time, offset] each time xterm has parsed output up to `offset` (an ack) or a resync
  // snapshot made everything before `offset` moot.
  const bench = { started: 0, bytes: 0, snapshots: 0, progress: [], longestTask: 0, longestGap: 0, receivedEnd: 0, receivedAt: 0 };
  globalThis.__bench = bench;
  bench.start = () => {
    bench.started = performance.now();
    bench.bytes = 0;
    bench.progress = [];
    bench.longestTask = 0;
    bench.longestGap = 0;
    bench.snapshotsAtStart = bench.snapshots;
  };
  // Parsed up to `final`: acknowledged (or passed by a snapshot); or, since the terminal acknowledges a
  // remainder only from 4 KiB on (ACK_ON_IDLE_BYTES), received up to it with less than that unacknowledged.
  bench.doneAt = (final) => {
    const acked = bench.progress.find(([, offset]) => offset >= final)?.[0];
    if (acked) return acked;
    const last = bench.progress.at(-1)?.[1] ?? 0;
    return bench.receivedEnd >= final && final - last < 4096 ? bench.receivedAt : 0;
  };
  const Native = globalThis.WebSocket;
  globalThis.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (!(event.data instanceof ArrayBuffer) || event.data.byteLength < 13) return;
        const view = new DataView(event.data);
        const kind = view.getUint8(0);
        if (kind === 2) {
          bench.snapshots++;
          if (bench.started) bench.progress.push([performance.now(), view.getUint32(5) * 2 ** 32 + view.getUint32(9)]);
        }
        if (kind === 1 && bench.started) {
          bench.bytes += event.data.byteLength - 13;
          bench.receivedEnd = view.getUint32(5) * 2 ** 32 + view.getUint32(9) + event.data.byteLength - 13;
          bench.receivedAt = performance.now();
        }
      });
    }
    send(data) {
      if (bench.started && typeof data === 'string' && data.includes('"ack"')) bench.progress.push([performance.now(), JSON.parse(data).offset]);
      super.send(data);
    }
  };
  new PerformanceObserver((list) => {
    if (!bench.started) return;
    for (const entry of list.getEntries()) bench.longestTask = Math.max(bench.longestTask, entry.duration);
  }).observe({ type: 'longtask', buffered: false });
  let last = 0;
  const frame = (now) => {
    if (bench.started && last) bench.longestGap = Math.max(bench.longestGap, now - last);
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** The session's output offset once it has stopped growing past `atLeast` (the flood and its marker are out). */
async function finalOffset(daemon, id, atLeast) {
  let last = -1;
  for (;;) {
    const { outputBytes } = await api(daemon, 'GET', `/api/sessions/${id}`);
    if (outputBytes >= atLeast && outputBytes === last) return outputBytes;
    last = outputBytes;
    await sleep(200);
  }
}

/** One flood of `megabytes` MB into an open session page; `runs` floods, each in a fresh session. */
export async function browserRender({ megabytes, runs }) {
  const daemon = await startDaemon({ web: true });
  let browser;
  try {
    const cookie = await setUpOwner(daemon);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    const results = [];
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      try {
        await context.addCookies([{ ...cookie, url: daemon.origin }]);
        await context.addInitScript(instrument);
        // The session notes when its flood started and when base64 had written its last byte into the
        // pty (the host has read all but a pty buffer's worth by then): the pace the flood was produced
        // at, in the same run, is the baseline the terminal's pace is compared with.
        //
        // The flood is the throughput figure's bytes (base64 of zeros, written to a file beforehand)
        // printed by `cat`: on 2 cores `head | base64` into a pty makes ~25–30 MB/s, under the 30 MB/s
        // asked of the terminal, while `cat` of a file makes 64–71 MB/s (node-pty read directly), so
        // the figure measures the terminal rather than the producer.
        const paceFile = join(daemon.home, `pace-${run}`);
        const floodFile = join(daemon.home, 'flood.txt');
        await execFileAsync('bash', ['-c', `head -c ${megabytes}M /dev/zero | base64 > ${floodFile}`]);
        const flood = `read go; s=$(date +%s%N); cat ${floodFile}; e=$(date +%s%N); echo ${MARKER}; echo $s $e > ${paceFile}; exec cat`;
        const session = await api(daemon, 'POST', '/api/sessions', { command: ['bash', '-c', flood], cols: 160, rows: 48 });
        const page = await context.newPage();
        await page.goto(`${daemon.origin}/sessions/${session.id}`);
        await page.waitForFunction(() => globalThis.__bench.snapshots > 0, undefined, { timeout: 30_000 });
        await sleep(300);
        await page.evaluate(() => globalThis.__bench.start());
        await api(daemon, 'POST', `/api/sessions/${session.id}/input`, { text: '\r' });
        const final = await finalOffset(daemon, session.id, floodBytes(megabytes));
        // Every byte up to the end has been parsed by xterm (or replaced by a snapshot at or past it).
        await page.waitForFunction((end) => globalThis.__bench.doneAt(end) > 0, final, { timeout: 120_000, polling: 250 }).catch(async (error) => {
          if (process.env.BENCH_DEBUG) console.log('daemon log', daemon.logTail?.(), 'final', final, JSON.stringify(await page.evaluate(() => ({ progress: globalThis.__bench.progress.slice(-20), receivedEnd: globalThis.__bench.receivedEnd }))));
          throw error;
        });
        const bench = await page.evaluate((end) => {
          const b = globalThis.__bench;
          return { started: b.started, doneAt: b.doneAt(end), bytes: b.bytes, resyncs: b.snapshots - b.snapshotsAtStart, longestTask: b.longestTask, longestGap: b.longestGap, renderer: document.querySelector('.xterm canvas') ? 'webgl' : 'dom' };
        }, final);
        if (process.env.BENCH_DEBUG) console.log(JSON.stringify(await page.evaluate(() => globalThis.__bench.progress.map(([t, o]) => [Math.round(t - globalThis.__bench.started), o]))));
        const seconds = (bench.doneAt - bench.started) / 1000;
        const [startNs, endNs] = (await readFile(paceFile, 'utf8')).trim().split(' ').map(Number);
        await rm(paceFile);
        results.push({
          producedMBps: floodBytes(megabytes) / 1e6 / ((endNs - startNs) / 1e9),
          parsedMBps: bench.bytes / 1e6 / seconds,
          streamMBps: final / 1e6 / seconds,
          seconds,
          resyncs: bench.resyncs,
          longestTaskMs: bench.longestTask,
          longestFrameGapMs: bench.longestGap,
          renderer: bench.renderer,
        });
        await api(daemon, 'DELETE', `/api/sessions/${session.id}?force=true`);
      } finally {
        await context.close();
      }
    }
    return results;
  } finally {
    await browser?.close();
    await daemon.stop();
  }
}
