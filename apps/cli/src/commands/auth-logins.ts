import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatLoginTable, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface AuthLoginsArgs {
  json: boolean;
}

export const authLoginsCommand = defineCommand<AuthLoginsArgs>({
  command: 'logins',
  describe: 'List the browser logins that are active',
  builder: (yargs) => yargs.option('json', JSON_OPTION),
  handler: async (argv) => {
    const logins = await commandContext(argv).client.auth.listLogins();
    if (argv.json) printJson(logins);
    else printLine(logins.length === 0 ? 'no active browser logins' : formatLoginTable(logins));
  },
});
