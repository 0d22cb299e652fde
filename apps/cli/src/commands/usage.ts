import { SinceSchema, USAGE_GROUPINGS, type UsageGrouping } from '@codepiper/protocol';
import { UsageApi } from '../client/index.js';
import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatUsageReport, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface UsageArgs {
  session?: string;
  since?: string;
  by?: UsageGrouping;
  json: boolean;
}

export const usageCommand = defineCommand<UsageArgs>({
  command: 'usage',
  describe: "Token usage and cost of the agents' sessions, read from their transcripts",
  builder: (yargs) =>
    yargs
      .option('session', { type: 'string', requiresArg: true, describe: 'only this session (id, unique id prefix, or name)' })
      .option('since', {
        type: 'string',
        requiresArg: true,
        describe: 'only usage since then: 30m, 24h, 7d, 2w, or an ISO date/time',
        coerce: (value: unknown) => {
          const text = String(Array.isArray(value) ? value[value.length - 1] : value);
          if (!SinceSchema.safeParse(text).success) throw new Error(`--since takes a duration like 7d, 24h, 30m or 2w, or an ISO date, got "${text}"`);
          return text;
        },
      })
      .option('by', { choices: USAGE_GROUPINGS, requiresArg: true, describe: 'one row per day (UTC), model or session' })
      .option('json', JSON_OPTION)
      .example('$0 usage --since 7d --by day', 'tokens and cost per day over the last week')
      .example('$0 usage --session api --by model', "one session's usage per model")
      .example('$0 usage --by session --json', 'per session, as the API returns it'),
  handler: async (argv) => {
    const { client } = commandContext(argv);
    const report = await new UsageApi(client.transport).report({
      ...(argv.session !== undefined ? { session: argv.session } : {}),
      ...(argv.since !== undefined ? { since: argv.since } : {}),
      ...(argv.by !== undefined ? { by: argv.by } : {}),
    });
    if (argv.json) printJson(report);
    else printLine(formatUsageReport(report));
  },
});
