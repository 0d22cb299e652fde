import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatDeviceTable, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface NotifyRenameArgs {
  device: string;
  name: string;
  json: boolean;
}

export const notifyRenameCommand = defineCommand<NotifyRenameArgs>({
  command: 'rename <device> <name>',
  describe: 'Rename a device',
  builder: (yargs) =>
    yargs
      .positional('device', { type: 'string', demandOption: true, describe: 'device id (or a unique prefix)' })
      .positional('name', { type: 'string', demandOption: true, describe: 'the new name, e.g. "work phone"' })
      .option('json', JSON_OPTION),
  handler: async (argv) => {
    const device = await commandContext(argv).client.push.rename(String(argv.device), String(argv.name));
    if (argv.json) printJson(device);
    else printLine(formatDeviceTable([device]));
  },
});
