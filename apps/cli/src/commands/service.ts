import { defineCommand } from '../define-command.js';
import { serviceInstallCommand } from './service-install.js';
import { serviceStatusCommand } from './service-status.js';
import { serviceUninstallCommand } from './service-uninstall.js';

/** The subcommands' names, for usage hints; kept beside the registrations so the two cannot drift. */
export const SERVICE_SUBCOMMANDS = ['install', 'uninstall', 'status'] as const;

export const serviceCommand = defineCommand<object>({
  command: 'service',
  describe: 'Run the daemon as a service that starts with your user session (systemd user unit on Linux, launchd agent on macOS)',
  builder: (yargs) =>
    yargs
      .command(serviceInstallCommand)
      .command(serviceUninstallCommand)
      .command(serviceStatusCommand)
      .demandCommand(1, 'name a service command')
      .example('$0 service install --dry-run', 'print the unit without installing it')
      .example('$0 service install', 'install, enable and start it (daemon --web)')
      .example('loginctl enable-linger $USER', 'Linux: start it at boot, before you log in'),
  handler: async () => undefined,
});
