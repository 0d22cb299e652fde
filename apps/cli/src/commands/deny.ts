import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { printable, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface DenyArgs {
  id: string;
  reason?: string;
  json: boolean;
}

export const denyCommand = defineCommand<DenyArgs>({
  command: 'deny <id>',
  describe: "Refuse an agent's held tool call; the agent is told why",
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', demandOption: true, describe: 'the approval id (from "codepiper approvals")' })
      .option('reason', { alias: 'r', type: 'string', requiresArg: true, describe: 'why, passed on to the agent' })
      .option('json', { ...JSON_OPTION, describe: 'print the decided approval as JSON' })
      .example('$0 deny 1a2b3c4d --reason "use the staging database"', 'refuse and say why'),
  handler: async (argv) => {
    const approval = await commandContext(argv).client.agents.deny(argv.id, argv.reason);
    if (argv.json) printJson(approval);
    else printLine(`denied ${approval.id}: ${printable(approval.tool)} ${printable(approval.summary)}`);
  },
});
