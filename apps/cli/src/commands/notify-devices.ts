import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatDeviceTable, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface NotifyDevicesArgs {
  json: boolean;
}

export const notifyDevicesCommand = defineCommand<NotifyDevicesArgs>({
  command: 'devices',
  describe: 'List the browsers subscribed to push notifications, with how their last push went',
  builder: (yargs) => yargs.option('json', JSON_OPTION),
  handler: async (argv) => {
    const devices = await commandContext(argv).client.push.devices();
    if (argv.json) printJson(devices);
    else printLine(devices.length === 0 ? 'no devices: subscribe a browser in the web dashboard under Settings > Notifications' : formatDeviceTable(devices));
  },
});
