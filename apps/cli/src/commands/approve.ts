import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { printable, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface ApproveArgs {
  id: string;
  remember: boolean;
  json: boolean;
}

export const approveCommand = defineCommand<ApproveArgs>({
  command: 'approve <id>',
  describe: "Let an agent's held tool call run",
  builder: (yargs) =>
    yargs
      .positional('id', { type: 'string', demandOption: true, describe: 'the approval id (from "codepiper approvals")' })
      .option('remember', { type: 'boolean', default: false, describe: 'also allow this tool with this input for the rest of the session (adds a policy rule)' })
      .option('json', { ...JSON_OPTION, describe: 'print the decided approval as JSON' })
      .example('$0 approve 1a2b3c4d', 'run it this once')
      .example('$0 approve 1a2b3c4d --remember', 'and do not ask again in this session'),
  handler: async (argv) => {
    const approval = await commandContext(argv).client.agents.approve(argv.id, argv.remember);
    if (argv.json) printJson(approval);
    else printLine(`approved ${approval.id}: ${printable(approval.tool)} ${printable(approval.summary)}${argv.remember ? ' (remembered for this session)' : ''}`);
  },
});
