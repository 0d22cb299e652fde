import { localCommandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { printLine } from '../format/index.js';
import { uninstallService } from '../service/index.js';
import { serviceContext } from './service-context.js';

interface ServiceUninstallArgs {
  stop: boolean;
}

export const serviceUninstallCommand = defineCommand<ServiceUninstallArgs>({
  command: 'uninstall',
  describe: 'Stop and disable the service and remove its file (running sessions keep running in the pty host)',
  builder: (yargs) => yargs.option('stop', { type: 'boolean', default: true, describe: 'stop and disable it first (--no-stop: only remove the file)' }),
  handler: async (argv) => {
    const ctx = localCommandContext(argv, 'service uninstall');
    await uninstallService({ ...serviceContext(ctx), print: printLine }, { stop: argv.stop });
  },
});
