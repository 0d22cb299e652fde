import { localCommandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { UsageError } from '../errors.js';
import { printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface AuthConfirmArgs {
  code: string;
  json: boolean;
}

export const authConfirmCommand = defineCommand<AuthConfirmArgs>({
  command: 'confirm <code>',
  describe: 'Finish "auth setup --json": confirm the authenticator app with a code from it',
  builder: (yargs) =>
    yargs
      .positional('code', { type: 'string', demandOption: true, describe: 'the 6-digit code the authenticator app shows' })
      .option('json', JSON_OPTION),
  handler: async (argv) => {
    const ctx = localCommandContext(argv, 'auth confirm');
    const { TotpCodeSchema } = await import('@codepiper/protocol');
    const checked = TotpCodeSchema.safeParse(String(argv.code));
    if (!checked.success) throw new UsageError(checked.error.issues[0]?.message ?? 'an authenticator code is 6 digits');
    const result = await ctx.client.auth.confirmSetup(checked.data);
    if (argv.json) printJson(result);
    else printLine('Authenticator confirmed: the owner is set up.');
  },
});
