import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));
export const DAEMON_MAIN = join(REPO, 'apps/daemon/dist/main.js');
export const CLI_BIN = join(REPO, 'apps/cli/dist/bin.cjs');

export interface Daemon {
  home: string;
  child: ChildProcess;
  webPort: number;
  origin: string;
  /** The first-run setup code, when the daemon printed one. */
  setupCode: string | undefined;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: the pty host and its sessions survive. */
  kill9(): Promise<void>;
}

export async function makeHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'codepiper-web-e2e-'));
}

/**
 * Starts the real daemon serving the built dashboard on a free loopback port and waits for its ready
 * line (the setup code line, when there is one, comes before it). `port` reuses a port after a restart
 * so the open browser tab finds the daemon at the same origin; `args` are more daemon flags; `env` adds
 * to its environment (a PATH with a fake agent first, a HOME of its own).
 */
export async function startDaemon(home: string, port = 0, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Daemon> {
  const child = spawn(process.execPath, [DAEMON_MAIN, '--home', home, '--web', '--port', String(port), '--ws-port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, CODEPIPER_HOME: home },
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
  const webPort = Number(/web http:\/\/[^ ]+:(\d+)/.exec(ready)?.[1]);
  const setupCode = /setup code (\S+?),? or run/.exec(stdout)?.[1]?.replace(/[.,]$/, '');
  return {
    home,
    child,
    webPort,
    origin: `http://127.0.0.1:${webPort}`,
    setupCode,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Ends what a test left in a home: the daemon, the pty host with every session, then the folder. */
export async function destroyHome(home: string, daemon?: Daemon): Promise<void> {
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
