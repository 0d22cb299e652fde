import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DaemonSettings } from '@codepiper/core/config';
import type { DaemonStatus } from '@codepiper/protocol';
import { DAEMON_START_TIMEOUT_MS } from '../constants.js';
import type { LocalCommandContext } from '../context.js';
import { entryPath } from '../entry-path.js';
import { CliError } from '../errors.js';
import { daemonLogPath } from '../home.js';
import { daemonFlagsOf } from '../settings/index.js';
import { pollUntil } from './poll.js';

/** Every setting, resolved by the parent: the child gets them all as flags, so it cannot resolve them differently. */
export type DetachOptions = DaemonSettings;

/**
 * Starts `codepiper daemon` (this same CLI, without --detach) as a detached process writing to
 * `<home>/logs/daemon.log`, waits until its socket answers, and returns its status. When the daemon
 * fails to come up, the error carries the last line it logged (the reason, e.g. a port in use).
 */
export async function startDetachedDaemon(ctx: LocalCommandContext, options: DetachOptions): Promise<{ status: DaemonStatus; logPath: string }> {
  const logPath = daemonLogPath(ctx.home);
  await mkdir(dirname(logPath), { recursive: true, mode: 0o700 });
  const logFd = openSync(logPath, 'a', 0o600);
  const logStart = statSync(logPath).size;
  const bin = entryPath();
  const args = [bin, 'daemon', '--home', ctx.home, ...daemonFlagsOf(options)];
  let ended: string | undefined;
  try {
    const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', logFd, logFd], env: process.env });
    child.once('error', (error) => (ended = error.message));
    child.once('exit', (code, signal) => (ended = signal ? `killed by ${signal}` : `exit code ${code}`));
    const up = await pollUntil(async () => ended !== undefined || (await ctx.client.isRunning()), DAEMON_START_TIMEOUT_MS);
    if (ended !== undefined) {
      const reason = lastLogLine(logPath, logStart);
      throw new CliError(`the daemon failed to start (${ended})${reason ? `: ${reason}` : ''}; see ${logPath}`);
    }
    if (!up) {
      child.kill('SIGTERM');
      throw new CliError(`the daemon did not answer within ${DAEMON_START_TIMEOUT_MS / 1000} s; see ${logPath}`);
    }
    child.unref();
  } finally {
    closeSync(logFd);
  }
  return { status: await ctx.client.status(), logPath };
}

/** The last non-empty line the daemon wrote since `from`, without the "codepiper: " prefix of CLI errors. */
function lastLogLine(logPath: string, from: number): string | undefined {
  try {
    const text = readFileSync(logPath).subarray(from).toString('utf8');
    const line = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0).pop();
    return line?.replace(/^codepiper: /, '');
  } catch {
    return undefined;
  }
}
