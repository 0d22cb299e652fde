import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface NotifyRmArgs {
  device: string;
  json: boolean;
}

export const notifyRmCommand = defineCommand<NotifyRmArgs>({
  command: 'rm <device>',
  describe: 'Remove a device: it gets no more pushes (the browser subscribes again when its dashboard next asks)',
  builder: (yargs) => yargs.positional('device', { type: 'string', demandOption: true, describe: 'device id (or a unique prefix)' }).option('json', JSON_OPTION),
  handler: async (argv) => {
    const id = String(argv.device);
    await commandContext(argv).client.push.remove(id);
    if (argv.json) printJson({ device: id, removed: true });
    else printLine(`removed device ${id}`);
  },
});
