import { localCommandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatRecoveryCodes, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface AuthRecoveryCodesArgs {
  json: boolean;
}

export const authRecoveryCodesCommand = defineCommand<AuthRecoveryCodesArgs>({
  command: 'recovery-codes',
  describe: "Replace every recovery code with new ones, shown once (only on the daemon's machine)",
  builder: (yargs) => yargs.option('json', JSON_OPTION),
  handler: async (argv) => {
    const ctx = localCommandContext(argv, 'auth recovery-codes');
    const result = await ctx.client.auth.regenerateRecoveryCodes();
    if (argv.json) {
      printJson(result);
      return;
    }
    printLine(formatRecoveryCodes(result.recoveryCodes));
    printLine('The previous recovery codes no longer work.');
  },
});
