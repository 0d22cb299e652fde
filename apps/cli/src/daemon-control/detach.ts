import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DaemonStatus } from '@codepiper/protocol';
import { DAEMON_START_TIMEOUT_MS } from '../constants.js';
import type { LocalCommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { daemonLogPath } from '../home.js';
import { pollUntil } from './poll.js';

export interface DetachOptions {
  web: boolean;
  host: string;
  port: number;
  wsPort: number;
  trustProxy?: boolean;
  publicHosts?: readonly string[];
  allowedOrigins?: readonly string[];
  approvalTimeoutSeconds?: number;
}

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
  const bin = fileURLToPath(new URL('../bin.js', import.meta.url));
  const args = [bin, 'daemon', '--home', ctx.home, '--host', options.host, '--port', String(options.port), '--ws-port', String(options.wsPort)];
  if (options.web) args.push('--web');
  if (options.trustProxy) args.push('--trust-proxy');
  for (const host of options.publicHosts ?? []) args.push('--public-host', host);
  for (const origin of options.allowedOrigins ?? []) args.push('--allowed-origin', origin);
  if (options.approvalTimeoutSeconds !== undefined) args.push('--approval-timeout', String(options.approvalTimeoutSeconds));
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
