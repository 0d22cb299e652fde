// Figure 4, scale: what idle sessions cost. 10 idle shells: CPU of the server's own processes over a
// window, and the processes they create (none is the goal: no polling, no helper processes). 200 idle
// shells (CodePiper only): total memory of the daemon's processes, idle CPU, `codepiper sessions
// --json` wall time, and the time to create a session.
import { execFile } from 'node:child_process';
import { api, CLI_BIN, countForks, cpuPercent, median, percentile, procTotals, sleep, wallTimes } from './support.mjs';

/** An interactive shell waiting at its prompt. */
const IDLE = 'exec bash --norc --noprofile -i';

/** 10 idle sessions on `target`: CPU % of one core (server processes, reaped children included), forks, memory. */
export async function idleSessions(target, { sessions = 10, windowMs, forkWindowMs, settleMs }) {
  const ids = [];
  try {
    for (let i = 0; i < sessions; i++) ids.push(await target.create(IDLE));
    await sleep(settleMs);
    const pids = target.pids();
    const cpu = await cpuPercent(pids, windowMs);
    const forks = await countForks(pids, forkWindowMs);
    return { sessions, cpuPercent: cpu, windowSeconds: windowMs / 1000, forks, forksPerSecond: forks === null ? null : forks / (forkWindowMs / 1000), rssBytes: procTotals(pids).rssBytes, processes: pids.length };
  } finally {
    for (const id of ids) await target.remove(id);
  }
}

/** 200 idle shells in a CodePiper daemon: create time, memory, idle CPU and the CLI's list time. */
export async function manySessions(target, { sessions = 200, windowMs, settleMs, cliRuns }) {
  const daemon = target.daemon;
  const createMs = [];
  for (let i = 0; i < sessions; i++) {
    const started = performance.now();
    await api(daemon, 'POST', '/api/sessions', { command: ['bash', '-c', IDLE] });
    createMs.push(performance.now() - started);
  }
  await sleep(settleMs);
  const pids = target.pids();
  const rssBytes = procTotals(pids).rssBytes;
  const cpu = await cpuPercent(pids, windowMs);
  const listed = JSON.parse(await cliJson(daemon.home));
  if (listed.length !== sessions) throw new Error(`codepiper sessions --json listed ${listed.length} sessions, expected ${sessions}`);
  // Interleaved with `node -e 0`, as the CLI start-up figure is: the VM's speed drifts by a third over
  // minutes (node -e 0 alone measured 62–89 ms within one minute), and the baseline shows which it was.
  const listMs = [];
  const nodeMs = [];
  for (let i = 0; i < cliRuns; i++) {
    nodeMs.push(...(await wallTimes(process.execPath, ['-e', '0'], 1)));
    listMs.push(...(await wallTimes(process.execPath, [CLI_BIN, '--home', daemon.home, 'sessions', '--json'], 1)));
  }
  const sorted = [...createMs].sort((a, b) => a - b);
  return {
    sessions,
    rssBytes,
    processes: pids.length,
    cpuPercent: cpu,
    windowSeconds: windowMs / 1000,
    sessionsJsonMs: median(listMs),
    nodeMs: median(nodeMs),
    createP50Ms: percentile(sorted, 50),
    createP99Ms: percentile(sorted, 99),
  };
}

function cliJson(home) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI_BIN, '--home', home, 'sessions', '--json'], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}
