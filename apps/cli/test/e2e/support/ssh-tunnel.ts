import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { OutputWatcher } from './output-watcher.js';

export interface SshTunnel {
  /** What ssh said (with -v), for failure messages. */
  log: OutputWatcher;
  stop(): Promise<void>;
}

/**
 * `ssh -v <args>` run for its port forwards, ready once ssh reports listening on every port of
 * `localPorts` (its -v log says so after binding). stdin stays open, so a tunnel opened with a remote
 * shell (`ssh codepiper`, no -N) lives as long as the ssh process.
 */
export async function openSshTunnel(args: readonly string[], localPorts: readonly number[]): Promise<SshTunnel> {
  const child = spawn('ssh', ['-v', '-o', 'ExitOnForwardFailure=yes', ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
  const log = OutputWatcher.of(child.stderr!);
  const exited = once(child, 'exit');
  try {
    await Promise.race([
      Promise.all(localPorts.map((port) => log.waitFor(`Local forwarding listening on 127.0.0.1 port ${port}.`, 20_000))),
      exited.then(([code]) => {
        throw new Error(`ssh exited with ${String(code)} before its forwards were up:\n${log.text}`);
      }),
    ]);
  } catch (error) {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  }
  return {
    log,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // As Ctrl-C would: the connection drops, and with it the forwards and any remote shell.
      child.kill('SIGTERM');
      await exited;
    },
  };
}
