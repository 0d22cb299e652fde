import { localCommandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { EXIT } from '../errors.js';
import { printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';
import { serviceStatus } from '../service/index.js';
import { serviceContext } from './service-context.js';

interface ServiceStatusArgs {
  json: boolean;
}

export const serviceStatusCommand = defineCommand<ServiceStatusArgs>({
  command: 'status',
  describe: 'Whether the service is installed, enabled and running (exit 1 when it is not installed)',
  builder: (yargs) => yargs.option('json', JSON_OPTION),
  handler: async (argv) => {
    const ctx = localCommandContext(argv, 'service status');
    const status = serviceStatus(serviceContext(ctx));
    const daemon = await ctx.client.status().catch(() => undefined);
    if (argv.json) {
      printJson({ ...status, daemon: daemon ? { running: true, pid: daemon.pid, version: daemon.version } : { running: false } });
    } else {
      const kind = status.platform === 'systemd' ? 'systemd user unit' : 'launchd agent';
      printLine(`service: ${kind} ${status.file} (${status.installed ? 'installed' : 'not installed'})`);
      if (status.manager) printLine(`${status.platform === 'systemd' ? 'enabled' : 'loaded'}: ${status.enabled ?? 'unknown'}, state: ${status.active ?? 'unknown'}`);
      else printLine(`manager: ${status.platform === 'systemd' ? 'no systemd user manager answers (systemctl --user)' : 'launchctl is not available'}`);
      printLine(`daemon: ${daemon ? `running (pid ${daemon.pid}, version ${daemon.version})` : 'not running'}`);
    }
    if (!status.installed) process.exitCode = EXIT.failure;
  },
});
