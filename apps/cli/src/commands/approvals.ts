import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatApprovalTable, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface ApprovalsArgs {
  all: boolean;
  session?: string;
  json: boolean;
}

export const approvalsCommand = defineCommand<ApprovalsArgs>({
  command: 'approvals',
  describe: "List agents' tool calls waiting for your approval (approve or deny them by id)",
  builder: (yargs) =>
    yargs
      .option('all', { alias: 'a', type: 'boolean', default: false, describe: 'also the latest decided ones, with who decided' })
      .option('session', { alias: 's', type: 'string', requiresArg: true, describe: 'only this session (id, prefix or name)' })
      .option('json', JSON_OPTION)
      .example('$0 approvals', 'what waits for you')
      .example('$0 approvals --all --json', 'the recent history, as the API returns it'),
  handler: async (argv) => {
    const approvals = await commandContext(argv).client.agents.approvals({ all: argv.all, ...(argv.session !== undefined ? { session: argv.session } : {}) });
    if (argv.json) printJson(approvals);
    else if (approvals.length === 0) printLine(argv.all ? 'no approvals yet' : 'nothing waits for approval');
    else printLine(formatApprovalTable(approvals, { all: argv.all }));
  },
});
