import { localCommandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { CliError } from '../errors.js';
import { formatDaemonStarted, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';
import { daemonSettingsOf, withDaemonSettingOptions, type DaemonSettingArgs } from '../settings/index.js';
import { cliVersion } from '../version.js';
import { daemonStatusCommand } from './daemon-status.js';
import { daemonStopCommand } from './daemon-stop.js';

interface DaemonArgs extends DaemonSettingArgs {
  detach: boolean;
  json: boolean;
}

export const daemonCommand = defineCommand<DaemonArgs>({
  command: 'daemon',
  describe: 'Run the daemon that owns the sessions (foreground unless --detach); see also "daemon stop" and "daemon status"',
  builder: (yargs) =>
    withDaemonSettingOptions(yargs)
      .command(daemonStopCommand)
      .command(daemonStatusCommand)
      .option('detach', { alias: 'd', type: 'boolean', default: false, describe: 'run in the background, logging to <home>/logs/daemon.log' })
      .option('json', { ...JSON_OPTION, describe: 'with --detach: print the daemon status as JSON' })
      .example('$0 daemon --detach', 'start the daemon in the background')
      .example('$0 daemon --web', 'run in the foreground with the dashboard on http://127.0.0.1:3000')
      .example('$0 daemon --web --host 0.0.0.0', 'serve the local network too (after "codepiper auth setup")')
      .epilogue('Each setting comes from its flag, else its CODEPIPER_* variable, else $CODEPIPER_HOME/config.json (codepiper config list), else its default.'),
  handler: async (argv) => {
    const ctx = localCommandContext(argv, 'daemon');
    if (await ctx.client.isRunning()) {
      const status = await ctx.client.status().catch(() => undefined);
      throw new CliError(`a daemon is already running (pid ${status?.pid ?? '?'}, socket ${ctx.socketPath})`, { code: 'conflict' });
    }
    const settings = daemonSettingsOf(ctx.home, argv);
    if (argv.detach) {
      const { startDetachedDaemon } = await import('../daemon-control/index.js');
      const { status, logPath } = await startDetachedDaemon(ctx, settings);
      if (argv.json) printJson(status);
      else printLine(formatDaemonStarted(status, logPath));
      return;
    }
    const { startDaemon } = await import('@codepiper/daemon');
    const daemon = await startDaemon({
      home: ctx.home,
      web: settings.web,
      host: settings.host,
      port: settings.port,
      wsPort: settings.wsPort,
      trustProxy: settings.trustProxy,
      publicHosts: settings.publicHosts,
      allowedOrigins: settings.allowedOrigins,
      logCapBytes: settings.logCapBytes,
      approvalTimeoutMs: settings.approvalTimeout * 1000,
      pushSubject: settings.pushSubject,
      metricsPort: settings.metricsPort,
      version: cliVersion(),
    });
    await daemon.closed;
  },
});
