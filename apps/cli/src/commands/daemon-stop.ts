import { existsSync, readFileSync } from 'node:fs';
import { DAEMON_STOP_TIMEOUT_MS } from '../constants.js';
import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { CliError } from '../errors.js';
import { printJson, printLine } from '../format/index.js';
import { ptyHostPidPath } from '../home.js';
import { JSON_OPTION } from '../options.js';

interface DaemonStopArgs {
  killSessions: boolean;
  json: boolean;
}

export const daemonStopCommand = defineCommand<DaemonStopArgs>({
  command: 'stop',
  describe: 'Stop the daemon; sessions keep running in the pty host unless --kill-sessions',
  builder: (yargs) =>
    yargs
      .option('kill-sessions', { type: 'boolean', default: false, describe: 'also end every session and the pty host' })
      .option('json', JSON_OPTION),
  handler: async (argv) => {
    const ctx = commandContext(argv);
    const { isProcessAlive, pollUntil } = await import('../daemon-control/index.js');
    const status = await ctx.client.status();
    const target = ctx.target;
    const ptyHostPid = status.ptyHost?.pid ?? (target.kind === 'local' ? readPid(ptyHostPidPath(target.home)) : undefined);
    await ctx.client.shutdown(argv.killSessions);
    // Locally, the daemon removes its socket file as the last step of shutting down; a crash leaves the
    // file but then neither the socket answers nor the process lives. Remotely, all there is to watch is
    // the URL going quiet.
    const stopped = await pollUntil(
      async () =>
        target.kind === 'local'
          ? !existsSync(target.socketPath) || (!(await ctx.client.isRunning()) && !isProcessAlive(status.pid))
          : !(await ctx.client.isRunning()),
      DAEMON_STOP_TIMEOUT_MS,
    );
    if (!stopped) throw new CliError(`the daemon (pid ${status.pid}) was asked to stop but is still running after ${DAEMON_STOP_TIMEOUT_MS / 1000} s`);
    // The pty host's pid means something only on this machine.
    if (argv.killSessions && ptyHostPid !== undefined && target.kind === 'local') {
      const hostGone = await pollUntil(() => !isProcessAlive(ptyHostPid), DAEMON_STOP_TIMEOUT_MS);
      if (!hostGone) throw new CliError(`the daemon stopped, but the pty host (pid ${ptyHostPid}) is still running`);
    }
    if (argv.json) printJson({ stopped: true, pid: status.pid, sessionsKilled: argv.killSessions });
    else printLine(`codepiper daemon stopped (pid ${status.pid})${argv.killSessions ? '; sessions killed' : ''}`);
  },
});

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
