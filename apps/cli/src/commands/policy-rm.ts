import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface PolicyRmArgs {
  ruleId: string;
  json: boolean;
}

export const policyRmCommand = defineCommand<PolicyRmArgs>({
  command: 'rm <rule-id>',
  describe: 'Remove a rule by id (or a unique id prefix)',
  builder: (yargs) => yargs.positional('rule-id', { type: 'string', demandOption: true, describe: 'as "codepiper policy list" shows it' }).option('json', JSON_OPTION),
  handler: async (argv) => {
    const id = String(argv.ruleId);
    await commandContext(argv).client.policy.remove(id);
    if (argv.json) printJson({ rule: id, removed: true });
    else printLine(`removed policy rule ${id}`);
  },
});
