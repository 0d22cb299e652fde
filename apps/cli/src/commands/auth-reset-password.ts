import { localCommandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { plural, printJson, printLine } from '../format/index.js';
import { JSON_OPTION, PASSWORD_STDIN_OPTION } from '../options.js';

interface AuthResetPasswordArgs {
  passwordStdin: boolean;
  json: boolean;
}

export const authResetPasswordCommand = defineCommand<AuthResetPasswordArgs>({
  command: 'reset-password',
  describe: "Set a new password without the old one (only on the daemon's machine); ends every browser login",
  builder: (yargs) => yargs.option('password-stdin', PASSWORD_STDIN_OPTION).option('json', JSON_OPTION),
  handler: async (argv) => {
    const ctx = localCommandContext(argv, 'auth reset-password');
    const { obtainNewPassword } = await import('../enrolment/index.js');
    const password = await obtainNewPassword({ fromStdin: argv.passwordStdin });
    const result = await ctx.client.auth.resetPassword(password);
    if (argv.json) printJson(result);
    else printLine(`password changed; ${plural(result.revokedLogins.length, 'browser login')} ended`);
  },
});
