import { PUSH_LIMITS } from '@codepiper/protocol';
import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatDeliveryTable, printJson, printLine } from '../format/index.js';
import { JSON_OPTION, wholeNumber } from '../options.js';

interface NotifyLogArgs {
  limit: number | undefined;
  device: string | undefined;
  json: boolean;
}

export const notifyLogCommand = defineCommand<NotifyLogArgs>({
  command: 'log',
  describe: 'Show the push delivery log, newest first: every attempt and every device skipped',
  builder: (yargs) =>
    yargs
      .option('limit', { requiresArg: true, describe: `entries to show (1-${PUSH_LIMITS.maxDeliveryLogLimit}, default 50)`, coerce: wholeNumber('--limit', 1) })
      .option('device', { type: 'string', requiresArg: true, describe: 'only this device (id or unique prefix)' })
      .option('json', JSON_OPTION),
  handler: async (argv) => {
    const entries = await commandContext(argv).client.push.log({
      ...(argv.limit !== undefined ? { limit: argv.limit } : {}),
      ...(argv.device !== undefined ? { device: String(argv.device) } : {}),
    });
    if (argv.json) printJson(entries);
    else printLine(entries.length === 0 ? 'no push deliveries yet (try "codepiper notify test")' : formatDeliveryTable(entries));
  },
});
