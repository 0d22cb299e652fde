// `pnpm bench`: measures CodePiper against its baselines in the same run and writes BENCHMARKS.md
// and bench/results/latest.json. Not a test: numbers are reported, never asserted.
// BENCH_QUICK=1 runs a short smoke version (CI checks that it works, not that it is fast).
import { cpus, totalmem } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { throughputBaseline, throughputDaemon } from './throughput.mjs';
import { echoBaseline, echoDaemon } from './echo.mjs';
import { firstScreen } from './first-screen.mjs';
import { startDaemon, median } from './support.mjs';
import { firstLoad } from '../apps/web/bench/first-load.mjs';
import { ingestBench } from './ingest.mjs';

const quick = process.env.BENCH_QUICK === '1';
const runs = quick ? 1 : 3;
const megabytes = quick ? 10 : 200;
const keystrokes = quick ? 50 : 500;
const historyMiB = quick ? 5 : 50;
const transcriptMB = quick ? 10 : 100;

const results = { machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, quick, runs };

function log(message) {
  process.stdout.write(`${message}\n`);
}

const daemon = await startDaemon();
try {
  const base = [];
  const ours = [];
  for (let i = 0; i < runs; i++) {
    base.push(await throughputBaseline(megabytes));
    ours.push(await throughputDaemon(daemon, megabytes));
    log(`throughput run ${i + 1}: node-pty ${base.at(-1).toFixed(1)} MB/s, daemon→1 client ${ours.at(-1).toFixed(1)} MB/s`);
  }
  results.throughput = { megabytes, baselineMBps: median(base), daemonMBps: median(ours), ratio: median(ours) / median(base) };

  const echoBase = [];
  const echoOurs = [];
  for (let i = 0; i < runs; i++) {
    echoBase.push(await echoBaseline(keystrokes));
    echoOurs.push(await echoDaemon(daemon, keystrokes));
    log(`echo run ${i + 1}: node-pty p50 ${echoBase.at(-1).p50.toFixed(3)} ms, daemon p50 ${echoOurs.at(-1).p50.toFixed(3)} ms`);
  }
  const pick = (list, key) => median(list.map((r) => r[key]));
  results.echo = {
    keystrokes,
    baseline: { p50: pick(echoBase, 'p50'), p99: pick(echoBase, 'p99'), max: pick(echoBase, 'max') },
    daemon: { p50: pick(echoOurs, 'p50'), p99: pick(echoOurs, 'p99'), max: pick(echoOurs, 'max') },
  };
  results.echo.addedP50 = results.echo.daemon.p50 - results.echo.baseline.p50;
  results.echo.addedP99 = results.echo.daemon.p99 - results.echo.baseline.p99;

  const screens = [];
  for (let i = 0; i < runs; i++) {
    screens.push(await firstScreen(daemon, historyMiB));
    log(`first screen run ${i + 1}: ${screens.at(-1).smallMs.toFixed(2)} ms (tiny history), ${screens.at(-1).largeMs.toFixed(2)} ms (${historyMiB} MiB history)`);
  }
  results.firstScreen = { historyMiB, smallHistoryMs: pick(screens, 'smallMs'), largeHistoryMs: pick(screens, 'largeMs') };
} finally {
  await daemon.stop();
}

// The dashboard in Chromium, against its own daemon (it needs an owner and a browser login).
results.dashboard = await firstLoad();
log(`dashboard: ${(results.dashboard.sessionsPage.jsGzipBytes / 1024).toFixed(1)} KiB of JavaScript (gzip), session open → screen ${results.dashboard.timeToScreen.warmMedianMs} ms warm, ${results.dashboard.timeToScreen.coldMs} ms cold`);

// Transcript ingestion, in-process: the built @codepiper/core against merely reading the same file.
results.ingest = await ingestBench({ megabytes: transcriptMB, runs, log });

const table = [
  '| figure | baseline (same run) | CodePiper | ratio / delta | target |',
  '|---|---|---|---|---|',
  `| output throughput, ${results.throughput.megabytes} MB to 1 WebSocket client | node-pty direct: ${results.throughput.baselineMBps.toFixed(1)} MB/s | ${results.throughput.daemonMBps.toFixed(1)} MB/s | ${results.throughput.ratio.toFixed(2)}× | ≥ 0.8× |`,
  `| keystroke echo p50 | bare node-pty: ${results.echo.baseline.p50.toFixed(3)} ms | ${results.echo.daemon.p50.toFixed(3)} ms | +${results.echo.addedP50.toFixed(3)} ms | ≤ +1 ms |`,
  `| keystroke echo p99 | bare node-pty: ${results.echo.baseline.p99.toFixed(3)} ms | ${results.echo.daemon.p99.toFixed(3)} ms | +${results.echo.addedP99.toFixed(3)} ms | — |`,
  `| keystroke echo max | bare node-pty: ${results.echo.baseline.max.toFixed(3)} ms | ${results.echo.daemon.max.toFixed(3)} ms | | — |`,
  `| dashboard first load, JavaScript (gzip) | — | ${(results.dashboard.sessionsPage.jsGzipBytes / 1024).toFixed(1)} KiB in ${results.dashboard.sessionsPage.jsFiles} files, terminal code ${results.dashboard.sessionsPage.terminalCodeLoaded ? 'loaded' : 'not loaded'} | | ≤ 150 KiB, no terminal code |`,
  `| open a session → its screen painted (Chromium) | — | warm median ${results.dashboard.timeToScreen.warmMedianMs} ms (cold first visit ${results.dashboard.timeToScreen.coldMs} ms) | | ≤ 300 ms |`,
  `| WebSocket connect → first screen | tiny history: ${results.firstScreen.smallHistoryMs.toFixed(2)} ms | ${results.firstScreen.historyMiB} MiB history: ${results.firstScreen.largeHistoryMs.toFixed(2)} ms | | ≤ 50 ms, independent of history |`,
  `| transcript ingest, ${results.ingest.megabytes} MB Claude JSONL → SQLite | read + split lines: ${results.ingest.baselineMBps.toFixed(0)} MB/s | ${results.ingest.ingestMBps.toFixed(0)} MB/s | ${results.ingest.ratio.toFixed(2)}× | ≥ 100 MB/s |`,
];
log(`\n${table.join('\n')}`);
await writeFile(fileURLToPath(new URL('./results/latest.json', import.meta.url)), JSON.stringify(results, null, 2));
if (!quick) {
  const doc = `# Benchmarks

Measured by \`pnpm bench\` (\`bench/run.mjs\`) against a real daemon on loopback; every figure is the
median of ${runs} runs, each measured side by side with its baseline in the same run.

Machine: ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}.

${table.join('\n')}

How each figure is taken:
- Throughput: a session runs \`head -c ${megabytes}M /dev/zero | base64\`; one WebSocket client attached
  counts output bytes until the end marker. Baseline: node-pty (\`encoding: null\`) running the same
  command, read directly in one process.
- Echo: a client sends one byte to \`cat\` in raw mode and waits for it to come back; ${keystrokes}
  keystrokes. Baseline: the same against a bare node-pty in one process.
- First screen: time from opening the WebSocket to the first snapshot frame of a session that has
  produced ${historyMiB} MiB of output, against a session with a few bytes of output.
- Dashboard (\`apps/web/bench/first-load.mjs\`, Debian Chromium): the JavaScript the sessions page loads
  in a fresh profile at 390×844, gzip-compressed; and the time from navigating to a session's page to
  its current screen being in the terminal (a marker printed after 3000 lines), cold (fresh profile)
  and warm (median of later visits). The daemon runs on loopback; the browser shares the machine.
- Transcript ingest (\`bench/ingest.mjs\`): a generated ${transcriptMB} MB Claude Code transcript shaped like a
  real session (prompts, assistant messages written as 2–3 lines sharing message.id and requestId, tool
  results of 2–24 KB duplicated in toolUseResult) read by \`UsageService.ingest\` into a fresh SQLite
  database, page cache warm. Baseline: reading the same file in the same 1 MiB chunks and finding its
  line breaks, nothing else.

Reproduce: \`npm run bench\` (or \`BENCH_QUICK=1 npm run bench\` for a smoke run).
`;
  await writeFile(fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url)), doc);
}
