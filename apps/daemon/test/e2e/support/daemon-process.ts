import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DAEMON_MAIN = fileURLToPath(new URL('../../../dist/main.js', import.meta.url));

export interface DaemonProcess {
  home: string;
  socket: string;
  child: ChildProcess;
  webPort: number | undefined;
  wsPort: number;
  stdout: () => string;
  stderr: () => string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: the pty host and its sessions must survive it. */
  kill9(): Promise<void>;
}

export async function makeHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'codepiper-e2e-'));
}

export interface DaemonProcessOptions {
  web?: boolean;
  /** More command-line flags, e.g. `['--trust-proxy', '--public-host', 'my.example']`. */
  args?: string[];
  /** Extra environment for the daemon (and so for the pty host and sessions it spawns). */
  env?: Record<string, string>;
  /** Another build's dist/main.js (an upgrade test's newer daemon); this package's by default. */
  main?: string;
}

function daemonArgs(home: string, options: DaemonProcessOptions): string[] {
  const args = [options.main ?? DAEMON_MAIN, '--home', home, '--port', '0', '--ws-port', '0'];
  if (options.web) args.push('--web');
  return [...args, ...(options.args ?? [])];
}

/** Starts the real daemon process on free loopback ports and waits for its ready line. */
export async function startDaemonProcess(home: string, options: DaemonProcessOptions = {}): Promise<DaemonProcess> {
  const child = spawn(process.execPath, daemonArgs(home, options), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env, CODEPIPER_HOME: home },
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const ready = await new Promise<string>((resolveReady, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('codepiper daemon ready:'));
      if (line) resolveReady(line);
    });
    child.once('exit', (code) => reject(new Error(`daemon exited with ${code} before it was ready: ${stderr}`)));
  });
  const webPort = /web http:\/\/[^ ]+:(\d+)/.exec(ready)?.[1];
  const wsPort = /ws ws:\/\/[^ ]+:(\d+)/.exec(ready)?.[1];
  return {
    home,
    socket: join(home, 'daemon.sock'),
    child,
    webPort: webPort ? Number(webPort) : undefined,
    wsPort: Number(wsPort),
    stdout: () => stdout,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill9: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs a daemon that is expected to refuse to start, and returns how it exited. */
export async function runDaemonToExit(
  home: string,
  options: DaemonProcessOptions = {},
  timeoutMs = 15_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, daemonArgs(home, options), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env, CODEPIPER_HOME: home },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolveExit, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`daemon still running after ${timeoutMs} ms; stdout: ${stdout}`));
    }, timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolveExit({ code, stdout, stderr });
    });
  });
}

/** Ends whatever a test left in a home: the daemon, the pty host and every session, then the folder. */
export async function destroyHome(home: string, daemon?: DaemonProcess): Promise<void> {
  await daemon?.stop();
  const pid = Number((await readFile(join(home, 'ptyhost.pid'), 'utf8').catch(() => '')).trim());
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && isAlive(pid)) await new Promise((r) => setTimeout(r, 20));
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await rm(home, { recursive: true, force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
