import { defineCommand } from '../define-command.js';
import { notifyDevicesCommand } from './notify-devices.js';
import { notifyLogCommand } from './notify-log.js';
import { notifyRenameCommand } from './notify-rename.js';
import { notifyRmCommand } from './notify-rm.js';
import { notifyTestCommand } from './notify-test.js';

/** The subcommands' names, for usage hints; kept beside the registrations so the two cannot drift. */
export const NOTIFY_SUBCOMMANDS = ['devices', 'test', 'log', 'rename', 'rm'] as const;

export const notifyCommand = defineCommand<object>({
  command: 'notify',
  describe: 'Push notifications: subscribed devices, test pushes and the delivery log',
  builder: (yargs) =>
    yargs
      .command(notifyDevicesCommand)
      .command(notifyTestCommand)
      .command(notifyLogCommand)
      .command(notifyRenameCommand)
      .command(notifyRmCommand)
      .demandCommand(1, 'name a notify command')
      .epilogue('Devices subscribe from the web dashboard (Settings > Notifications); what is pushed is set there too.'),
  handler: async () => undefined,
});
