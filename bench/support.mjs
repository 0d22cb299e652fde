// Shared helpers for the benchmark: a real daemon process on loopback, a WebSocket client, process
// accounting from /proc, and statistics.
import { execFile, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { decodeFrame } from '@codepiper/protocol';

export const REPO = fileURLToPath(new URL('../', import.meta.url));
const DAEMON_MAIN = join(REPO, 'apps/daemon/dist/main.js');
export const CLI_BIN = join(REPO, 'apps/cli/dist/bin.cjs');

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function log(message) {
  process.stdout.write(`${message}\n`);
}

/**
 * Processes the benchmark started that outlive it unless killed (a daemon's pty host is detached by
 * design). Killed by pid when the benchmark exits in any way, so an interrupted run leaves nothing.
 */
const started = new Set();
const dirs = new Set();
export function track(pid) {
  if (pid > 0) started.add(pid);
}
export function untrack(pid) {
  started.delete(pid);
}
/** A temporary directory removed when the benchmark exits, if nothing removed it before. */
export function trackDir(dir) {
  dirs.add(dir);
}
function killTracked() {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  started.clear();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}
process.once('exit', killTracked);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    killTracked();
    process.exit(130);
  });
}

/**
 * A daemon on loopback with a temporary home. `web: true` also serves the dashboard (`origin`, and the
 * first-run `setupCode` for creating the owner).
 */
export async function startDaemon({ web = false } = {}) {
  const home = await mkdtemp(join(tmpdir(), 'codepiper-bench-'));
  trackDir(home);
  const args = [DAEMON_MAIN, '--home', home, '--port', '0', '--ws-port', '0', ...(web ? ['--web'] : [])];
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const line = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const ready = stdout.split('\n').find((l) => l.startsWith('codepiper daemon ready:'));
      if (ready) resolve(ready);
    });
    child.once('exit', (code) => reject(new Error(`daemon exited with ${code}: ${stderr}`)));
  });
  track(child.pid);
  const wsPort = Number(/ws ws:\/\/[^ ]+:(\d+)/.exec(line)[1]);
  const webPort = web ? Number(/web http:\/\/[^ ]+:(\d+)/.exec(line)[1]) : undefined;
  const daemon = {
    home,
    wsPort,
    origin: web ? `http://127.0.0.1:${webPort}` : undefined,
    setupCode: web ? /setup code (\S+?),? or run/.exec(stdout)?.[1] : undefined,
    socket: join(home, 'daemon.sock'),
    child,
    /** The last few KB the daemon wrote to stderr (for a failure's diagnosis). */
    logTail: () => stderr,
    /** The pty host's pid (it holds every pty and the headless worker thread). */
    hostPid: () => {
      const pid = Number(readFileSync(join(home, 'ptyhost.pid'), 'utf8').trim());
      track(pid);
      return pid;
    },
    /** The daemon's own processes: the daemon and the pty host (not the sessions' programs). */
    pids: () => [child.pid, daemon.hostPid()],
    async stop() {
      let host = 0;
      try {
        host = daemon.hostPid();
      } catch {
        // no host was started
      }
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      untrack(child.pid);
      if (host > 0) {
        try {
          process.kill(host, 'SIGKILL');
        } catch {
          // gone with the daemon
        }
        untrack(host);
      }
      await rm(home, { recursive: true, force: true });
    },
  };
  return daemon;
}

export function api(daemon, method, path, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ socketPath: daemon.socket, method, path, headers: payload ? { 'content-type': 'application/json' } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (res.statusCode >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
        else resolve(text ? JSON.parse(text) : undefined);
        // The first session starts the pty host: from then on it is killed with the benchmark.
        if (method === 'POST' && path === '/api/sessions' && res.statusCode < 300) {
          try {
            daemon.hostPid?.();
          } catch {
            // not written yet
          }
        }
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A single-use WebSocket ticket, fetched as the owner over the unix socket. */
export async function wsTicket(daemon) {
  return (await api(daemon, 'POST', '/api/auth/ws-ticket', {})).ticket;
}

/**
 * A raw WebSocket client over TCP loopback, as a browser connects: a ticket (`ticket`, else a fresh
 * one) and an Origin of the dashboard. `onFrame(frame)` for binary frames, `onJson(message)` for the rest.
 */
export async function connect(daemon, { ticket, onFrame = () => {}, onJson = () => {} } = {}) {
  ticket ??= await wsTicket(daemon);
  const ws = new WebSocket(`ws://127.0.0.1:${daemon.wsPort}/?ticket=${encodeURIComponent(ticket)}`, {
    perMessageDeflate: false,
    origin: `http://127.0.0.1:${daemon.wsPort}`,
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) onFrame(decodeFrame(data));
    else {
      const message = JSON.parse(data.toString());
      if (message.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
      onJson(message);
    }
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

// ---- processes -------------------------------------------------------------------------------

const CLOCK_TICKS = 100; // USER_HZ: /proc reports CPU time in 1/100 s on Linux

/** CPU ticks (own + reaped children's) and resident memory of one process, or null once it is gone. */
export function procStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime 14, stime 15, cutime 16, cstime 17, rss 24 (pages).
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { ticks, rssBytes: rssKiB * 1024, ppid: Number(fields[1]) };
  } catch {
    return null;
  }
}

/** Sum over processes of their CPU ticks and resident memory (bytes). */
export function procTotals(pids) {
  let ticks = 0;
  let rssBytes = 0;
  for (const pid of pids) {
    const s = procStat(pid);
    if (!s) continue;
    ticks += s.ticks;
    rssBytes += s.rssBytes;
  }
  return { ticks, rssBytes };
}

/** Percent of one core the processes used over `ms` (their reaped children included). */
export async function cpuPercent(pids, ms) {
  const before = procTotals(pids).ticks;
  const started = performance.now();
  await sleep(ms);
  const seconds = (performance.now() - started) / 1000;
  return ((procTotals(pids).ticks - before) / CLOCK_TICKS / seconds) * 100;
}

/** Direct children of a process (pids), from /proc. */
export function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Processes created (fork/vfork/clone without CLONE_THREAD) by the given processes and their
 * descendants during `ms`, counted by attaching strace. Returns null when strace is missing or may not
 * attach. Threads (CLONE_THREAD) are not processes and are not counted.
 */
/** How long strace may take to detach after SIGINT (it takes milliseconds when it works). */
const STRACE_DETACH_GRACE_MS = 5_000;

export async function countForks(pids, ms) {
  const args = ['-f', '-qq', '-e', 'trace=fork,vfork,clone,clone3', '-e', 'signal=none'];
  for (const pid of pids) args.push('-p', String(pid));
  let child;
  try {
    child = spawn('strace', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch {
    return null;
  }
  let out = '';
  let failed = false;
  child.stderr.on('data', (d) => (out += d));
  child.once('error', () => (failed = true));
  await sleep(ms);
  child.kill('SIGINT');
  // strace detaching from a process in the middle of a clone can hang both (seen with bun): the
  // kernel detaches every tracee when the tracer dies, so a strace still there after a grace is killed.
  const killer = setTimeout(() => child.kill('SIGKILL'), STRACE_DETACH_GRACE_MS);
  await new Promise((resolve) => (child.exitCode !== null || failed ? resolve() : child.once('exit', resolve)));
  clearTimeout(killer);
  if (failed || /Operation not permitted|attach: ptrace/.test(out)) return null;
  return out.split('\n').filter((line) => /\b(fork|vfork|clone3?)\(/.test(line) && !line.includes('CLONE_THREAD') && !line.includes('<unfinished')).length;
}

/** A TCP port that was free a moment ago, on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Wall time (ms) of running a command to completion, `runs` times; stdout is discarded. */
export async function wallTimes(file, args, runs, env = process.env) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await new Promise((resolve, reject) => {
      execFile(file, args, { env, maxBuffer: 64 * 1024 * 1024 }, (error) => (error ? reject(error) : resolve()));
    });
    times.push(performance.now() - started);
  }
  return times;
}

/** Resolves when `predicate()` is true, checking every `everyMs`; rejects after `timeoutMs`. */
export async function until(predicate, { timeoutMs = 60_000, everyMs = 50, what = 'condition' } = {}) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

// ---- statistics ------------------------------------------------------------------------------

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function median(values) {
  const sorted = [...values].filter((v) => v !== null && v !== undefined && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
}

/** p50 / p99 / max of latency samples (ms). */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) };
}

/** Runs `fn` and turns a failure into `{ error }` so one broken measurement does not end the suite. */
export async function attempt(what, fn) {
  try {
    return await fn();
  } catch (error) {
    log(`${what}: could not run: ${error instanceof Error ? error.message : String(error)}`);
    return { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

export async function readPid(file) {
  return Number((await readFile(file, 'utf8').catch(() => '')).trim());
}
