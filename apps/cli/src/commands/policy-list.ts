import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatPolicyTable, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface PolicyListArgs {
  json: boolean;
}

export const policyListCommand = defineCommand<PolicyListArgs>({
  command: 'list',
  aliases: ['ls'],
  describe: 'List the rules in the order they are tried (the first match decides)',
  builder: (yargs) => yargs.option('json', JSON_OPTION),
  handler: async (argv) => {
    const rules = await commandContext(argv).client.policy.list();
    if (argv.json) printJson(rules);
    else printLine(rules.length === 0 ? 'no policy rules: every tool call is asked (add one with "codepiper policy add allow --tool Read")' : formatPolicyTable(rules));
  },
});
