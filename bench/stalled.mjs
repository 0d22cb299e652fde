// Figure 3, a stalled client next to a live one: the same flood as the throughput figure, received by
// one live client alone and then by a live client while another client of the same session has stopped
// reading its socket. The live client should keep its pace, and the daemon's memory (daemon + pty
// host) should stay bounded by the per-client watermark.
import { clearInterval, setInterval } from 'node:timers';
import { floodBytes } from './throughput.mjs';
import { procTotals, sleep } from './support.mjs';

const MARKER = 'CODEPIPER-BENCH-END';

/** One flood to a live client, optionally beside a stalled one. MB/s of the live client and peak memory growth. */
async function flood(target, megabytes, withStalled) {
  const id = await target.create(`read go; head -c ${megabytes}M /dev/zero | base64; echo ${MARKER}; exec sleep 600`);
  let bytes = 0;
  let tail = '';
  let doneAt = 0;
  const live = await target.open(id, (payload) => {
    bytes += payload.length;
    tail = (tail + Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('latin1', Math.max(0, payload.length - 64))).slice(-64);
    if (!doneAt && tail.includes(MARKER)) doneAt = performance.now();
  });
  const stalled = withStalled ? await target.open(id, () => undefined) : undefined;
  // Stop reading: the kernel buffers fill, then the daemon's send buffer for this client grows.
  stalled?.pause();
  await sleep(200);
  const pids = target.pids();
  const before = procTotals(pids).rssBytes;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, procTotals(pids).rssBytes)), 50);
  const started = performance.now();
  live.input('\r');
  try {
    while (!doneAt) await sleep(20);
    peak = Math.max(peak, procTotals(pids).rssBytes);
    return {
      MBps: bytes / 1e6 / ((doneAt - started) / 1000),
      liveComplete: bytes >= floodBytes(megabytes) - 4096,
      memoryBeforeBytes: before,
      memoryPeakBytes: peak,
      memoryGrowthBytes: peak - before,
    };
  } finally {
    clearInterval(sampler);
    live.close();
    stalled?.terminate();
    await target.remove(id);
  }
}

/** Medians are taken by the caller; one run = the flood alone, then beside a stalled client. */
export async function stalledRun(target, megabytes) {
  const alone = await flood(target, megabytes, false);
  const beside = await flood(target, megabytes, true);
  return { aloneMBps: alone.MBps, withStalledMBps: beside.MBps, ratio: beside.MBps / alone.MBps, memoryGrowthBytes: beside.memoryGrowthBytes, aloneMemoryGrowthBytes: alone.memoryGrowthBytes, liveComplete: beside.liveComplete };
}
