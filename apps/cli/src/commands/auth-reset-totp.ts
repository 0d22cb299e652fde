import { localCommandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatEnrolment, plural, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface AuthResetTotpArgs {
  json: boolean;
}

export const authResetTotpCommand = defineCommand<AuthResetTotpArgs>({
  command: 'reset-totp',
  describe: "Replace the authenticator app (only on the daemon's machine); ends every browser login once confirmed",
  builder: (yargs) =>
    yargs
      .option('json', { ...JSON_OPTION, describe: 'print {totpUri, secret} and stop there; confirm with "codepiper auth confirm-totp <code>"' })
      .epilogue('The current authenticator keeps working until a code from the new one is confirmed.'),
  handler: async (argv) => {
    const ctx = localCommandContext(argv, 'auth reset-totp');
    const enrolment = await ctx.client.auth.beginTotpReset();
    if (argv.json) {
      printJson(enrolment);
      return;
    }
    const { confirmWithCode, renderQrCode } = await import('../enrolment/index.js');
    printLine(formatEnrolment(enrolment, process.stdout.isTTY === true ? await renderQrCode(enrolment.totpUri) : undefined));
    printLine('');
    if (process.stdin.isTTY !== true) {
      printLine('Not switched yet: confirm the new authenticator with "codepiper auth confirm-totp <code>".');
      return;
    }
    let ended = 0;
    await confirmWithCode({
      confirm: async (code) => {
        ended = (await ctx.client.auth.confirmTotpReset(code)).revokedLogins.length;
      },
      laterCommand: 'codepiper auth confirm-totp',
    });
    printLine(`New authenticator confirmed; ${plural(ended, 'browser login')} ended.`);
  },
});
