import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatTokenTable, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface TokenListArgs {
  json: boolean;
}

export const tokenListCommand = defineCommand<TokenListArgs>({
  command: 'list',
  aliases: ['ls'],
  describe: 'List the active API tokens (never the tokens themselves)',
  builder: (yargs) => yargs.option('json', JSON_OPTION),
  handler: async (argv) => {
    const tokens = await commandContext(argv).client.auth.listTokens();
    if (argv.json) printJson(tokens);
    else printLine(tokens.length === 0 ? 'no API tokens (create one with "codepiper token create --name <name>")' : formatTokenTable(tokens));
  },
});
