import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The CodePiper home the CLI talks to: `--home`, else `$CODEPIPER_HOME`, else `~/.codepiper` — the
 * same rule the daemon uses, so both sides agree on where the socket is without configuration.
 */
export function resolveHome(homeOption: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (homeOption !== undefined && homeOption.length > 0) return resolve(homeOption);
  const fromEnv = env.CODEPIPER_HOME;
  return resolve(fromEnv !== undefined && fromEnv.length > 0 ? fromEnv : join(homedir(), '.codepiper'));
}

/** The daemon's unix socket inside a home. */
export function daemonSocketPath(home: string): string {
  return join(home, 'daemon.sock');
}

/** Where `daemon --detach` sends the daemon's stdout and stderr. */
export function daemonLogPath(home: string): string {
  return join(home, 'logs', 'daemon.log');
}

/** The pty host writes its pid here; `daemon stop --kill-sessions` waits for that process to end. */
export function ptyHostPidPath(home: string): string {
  return join(home, 'ptyhost.pid');
}
