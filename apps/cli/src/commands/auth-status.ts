import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatAuthStatus, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface AuthStatusArgs {
  json: boolean;
}

export const authStatusCommand = defineCommand<AuthStatusArgs>({
  command: 'status',
  describe: 'Show whether the owner is set up (and the recovery codes left, when the daemon says)',
  builder: (yargs) => yargs.option('json', JSON_OPTION),
  handler: async (argv) => {
    const status = await commandContext(argv).client.auth.status();
    if (argv.json) printJson(status);
    else printLine(formatAuthStatus(status));
  },
});
