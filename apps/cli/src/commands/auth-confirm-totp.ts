import { localCommandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { UsageError } from '../errors.js';
import { plural, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface AuthConfirmTotpArgs {
  code: string;
  json: boolean;
}

export const authConfirmTotpCommand = defineCommand<AuthConfirmTotpArgs>({
  command: 'confirm-totp <code>',
  describe: 'Finish "auth reset-totp --json": switch to the new authenticator with a code from it',
  builder: (yargs) =>
    yargs
      .positional('code', { type: 'string', demandOption: true, describe: 'the 6-digit code the new authenticator shows' })
      .option('json', JSON_OPTION),
  handler: async (argv) => {
    const ctx = localCommandContext(argv, 'auth confirm-totp');
    const { TotpCodeSchema } = await import('@codepiper/protocol');
    const checked = TotpCodeSchema.safeParse(String(argv.code));
    if (!checked.success) throw new UsageError(checked.error.issues[0]?.message ?? 'an authenticator code is 6 digits');
    const result = await ctx.client.auth.confirmTotpReset(checked.data);
    if (argv.json) printJson(result);
    else printLine(`New authenticator confirmed; ${plural(result.revokedLogins.length, 'browser login')} ended.`);
  },
});
