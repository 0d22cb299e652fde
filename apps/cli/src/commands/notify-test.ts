import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatTestResults, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface NotifyTestArgs {
  device: string | undefined;
  json: boolean;
}

export const notifyTestCommand = defineCommand<NotifyTestArgs>({
  command: 'test',
  describe: 'Send a test push to every device, or to one; exits 1 when a device did not get it',
  builder: (yargs) =>
    yargs
      .option('device', { type: 'string', requiresArg: true, describe: 'device id (or a unique prefix), as "codepiper notify devices" shows it' })
      .option('json', JSON_OPTION),
  handler: async (argv) => {
    const response = await commandContext(argv).client.push.test(argv.device === undefined ? undefined : String(argv.device));
    if (argv.json) printJson(response);
    else printLine(formatTestResults(response));
    // A retry may still succeed, but the owner asked "does it work now?": only a delivery says yes.
    if (response.results.some((r) => r.outcome !== 'delivered')) process.exitCode = 1;
  },
});
