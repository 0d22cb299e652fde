import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BIN } from './paths.js';
import { OutputWatcher } from './output-watcher.js';
import { runCli } from './run-cli.js';
import { isAlive, waitFor } from './wait-for.js';

export interface DaemonProcess {
  home: string;
  pid: number;
  /** With `web: true`: the HTTP listener, `http://127.0.0.1:<port>`. */
  webUrl: string | undefined;
  /** The daemon's stdout and stderr, for failure messages. */
  output: OutputWatcher;
  /** Stops the daemon and every session, and makes sure the pty host is gone too. */
  stop(): Promise<void>;
}

/**
 * `codepiper daemon --home <home> --port 0 --ws-port 0` as a real child process, ready once it prints
 * its ready line; with `web`, also `--web`, the HTTP API on a free port; `args` are more daemon flags.
 */
export async function startDaemonProcess(home: string, options: { web?: boolean; env?: NodeJS.ProcessEnv; args?: readonly string[] } = {}): Promise<DaemonProcess> {
  const args = [CLI_BIN, 'daemon', '--home', home, '--port', '0', '--ws-port', '0', ...(options.web ? ['--web'] : []), ...(options.args ?? [])];
  const child = spawn(process.execPath, args, {
    // `env` reaches the sessions too (they inherit the daemon's environment): PATH, HOME.
    env: { ...process.env, ...options.env, CODEPIPER_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = new OutputWatcher();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  const exited = once(child, 'exit');
  const ready = await Promise.race([
    output.waitFor(/codepiper daemon ready: .*\n/, 30_000),
    exited.then(([code]) => {
      throw new Error(`the daemon exited with ${String(code)} before it was ready:\n${output.text}`);
    }),
  ]);
  const webUrl = /codepiper daemon ready: .*\bweb (http:\/\/[^\s,]+)/.exec(ready)?.[1];
  let stopped = false;
  return {
    home,
    pid: child.pid!,
    webUrl,
    output,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        await runCli(['daemon', 'stop', '--kill-sessions'], { home }).catch(() => undefined);
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      await killPtyHost(home);
    },
  };
}

/** The pty host outlives the daemon by design; after a test it must not. */
export async function killPtyHost(home: string): Promise<void> {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(join(home, 'ptyhost.pid'), 'utf8').trim(), 10);
  } catch {
    return;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  await waitFor(() => !isAlive(pid), `pty host ${pid} to exit`, 5_000).catch(() => {
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });
}
