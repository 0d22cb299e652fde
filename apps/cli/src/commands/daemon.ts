import { localCommandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { CliError } from '../errors.js';
import { formatDaemonStarted, printJson, printLine } from '../format/index.js';
import { JSON_OPTION, wholeNumber } from '../options.js';
import { cliVersion } from '../version.js';
import { daemonStatusCommand } from './daemon-status.js';
import { daemonStopCommand } from './daemon-stop.js';

interface DaemonArgs {
  web: boolean;
  host: string;
  port: number;
  wsPort: number;
  trustProxy: boolean;
  publicHost: string[];
  allowedOrigin: string[];
  detach: boolean;
  approvalTimeout?: number;
  json: boolean;
}

export const daemonCommand = defineCommand<DaemonArgs>({
  command: 'daemon',
  describe: 'Run the daemon that owns the sessions (foreground unless --detach); see also "daemon stop" and "daemon status"',
  builder: (yargs) =>
    yargs
      .command(daemonStopCommand)
      .command(daemonStatusCommand)
      .option('web', { type: 'boolean', default: false, describe: 'also serve the web dashboard and the HTTP API on --host:--port' })
      .option('host', {
        type: 'string',
        default: '127.0.0.1',
        describe: 'address of the TCP listeners; anything but loopback (e.g. 0.0.0.0) needs an owner set up first',
      })
      .option('port', { requiresArg: true, default: 3000, describe: 'web dashboard port (0: any free port)', coerce: wholeNumber('--port') })
      .option('ws-port', { requiresArg: true, default: 9999, describe: 'WebSocket port (0: any free port)', coerce: wholeNumber('--ws-port') })
      .option('trust-proxy', { type: 'boolean', default: false, describe: 'behind a reverse proxy: take the client address and HTTPS from X-Forwarded-For / X-Forwarded-Proto' })
      .option('public-host', { type: 'string', array: true, default: [], describe: 'a host name the dashboard is reached by (repeatable), e.g. codepiper.example.com' })
      .option('allowed-origin', { type: 'string', array: true, default: [], describe: 'an extra origin allowed to open WebSockets and send requests (repeatable)' })
      .option('approval-timeout', {
        requiresArg: true,
        describe: "seconds an agent's tool call waits for your approval before the agent asks in its terminal instead (default 300)",
        coerce: wholeNumber('--approval-timeout', 1),
      })
      .option('detach', { alias: 'd', type: 'boolean', default: false, describe: 'run in the background, logging to <home>/logs/daemon.log' })
      .option('json', { ...JSON_OPTION, describe: 'with --detach: print the daemon status as JSON' })
      .example('$0 daemon --detach', 'start the daemon in the background')
      .example('$0 daemon --web', 'run in the foreground with the dashboard on http://127.0.0.1:3000')
      .example('$0 daemon --web --host 0.0.0.0', 'serve the local network too (after "codepiper auth setup")'),
  handler: async (argv) => {
    const ctx = localCommandContext(argv, 'daemon');
    if (await ctx.client.isRunning()) {
      const status = await ctx.client.status().catch(() => undefined);
      throw new CliError(`a daemon is already running (pid ${status?.pid ?? '?'}, socket ${ctx.socketPath})`, { code: 'conflict' });
    }
    if (argv.detach) {
      const { startDetachedDaemon } = await import('../daemon-control/index.js');
      const { status, logPath } = await startDetachedDaemon(ctx, {
        web: argv.web,
        host: argv.host,
        port: argv.port,
        wsPort: argv.wsPort,
        trustProxy: argv.trustProxy,
        publicHosts: argv.publicHost,
        allowedOrigins: argv.allowedOrigin,
        ...(argv.approvalTimeout !== undefined ? { approvalTimeoutSeconds: argv.approvalTimeout } : {}),
      });
      if (argv.json) printJson(status);
      else printLine(formatDaemonStarted(status, logPath));
      return;
    }
    const { startDaemon } = await import('@codepiper/daemon');
    const daemon = await startDaemon({
      home: ctx.home,
      web: argv.web,
      host: argv.host,
      port: argv.port,
      wsPort: argv.wsPort,
      trustProxy: argv.trustProxy,
      publicHosts: argv.publicHost,
      allowedOrigins: argv.allowedOrigin,
      ...(argv.approvalTimeout !== undefined ? { approvalTimeoutMs: argv.approvalTimeout * 1000 } : {}),
      version: cliVersion(),
    });
    await daemon.closed;
  },
});
