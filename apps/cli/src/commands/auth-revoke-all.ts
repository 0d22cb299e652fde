import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { plural, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface AuthRevokeAllArgs {
  json: boolean;
}

export const authRevokeAllCommand = defineCommand<AuthRevokeAllArgs>({
  command: 'revoke-all',
  describe: 'End every browser login (API tokens are not affected: see "codepiper token revoke")',
  builder: (yargs) => yargs.option('json', JSON_OPTION),
  handler: async (argv) => {
    const result = await commandContext(argv).client.auth.revokeAllLogins();
    if (argv.json) printJson(result);
    else printLine(`${plural(result.revokedLogins.length, 'browser login')} ended`);
  },
});
