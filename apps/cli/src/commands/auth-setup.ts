import { localCommandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { CliError } from '../errors.js';
import { formatEnrolment, formatRecoveryCodes, printJson, printLine } from '../format/index.js';
import { JSON_OPTION, PASSWORD_STDIN_OPTION } from '../options.js';

interface AuthSetupArgs {
  passwordStdin: boolean;
  json: boolean;
}

function ownerExists(cause?: unknown): CliError {
  return new CliError('an owner is already set up; use codepiper auth reset-password / reset-totp', { code: 'conflict', cause });
}

export const authSetupCommand = defineCommand<AuthSetupArgs>({
  command: 'setup',
  describe: 'Set up the owner: a password, an authenticator app (TOTP) and recovery codes; only on the daemon\'s machine',
  builder: (yargs) =>
    yargs
      .option('password-stdin', PASSWORD_STDIN_OPTION)
      .option('json', { ...JSON_OPTION, describe: 'print {totpUri, secret, recoveryCodes} and stop there; confirm with "codepiper auth confirm <code>"' })
      .example('$0 auth setup', 'type the password twice, scan the QR code, type a code from the app')
      .example('$0 auth setup --password-stdin --json < pw.txt', 'scripted: then "codepiper auth confirm <code>"')
      .epilogue('Until a code from the authenticator app is confirmed nobody can log in, and running setup again starts over.'),
  handler: async (argv) => {
    const ctx = localCommandContext(argv, 'auth setup');
    if ((await ctx.client.auth.status()).totpConfirmed) throw ownerExists();
    const { confirmWithCode, obtainNewPassword, renderQrCode } = await import('../enrolment/index.js');
    const password = await obtainNewPassword({ fromStdin: argv.passwordStdin });
    const setup = await ctx.client.auth.beginSetup(password).catch((error: unknown) => {
      // Someone finished setup between the status check and now.
      throw error instanceof CliError && error.code === 'conflict' ? ownerExists(error) : error;
    });
    if (argv.json) {
      printJson(setup);
      return;
    }
    // A QR code is drawn only for a person looking at a terminal; a pipe gets the same secret as text.
    printLine(formatEnrolment(setup, process.stdout.isTTY === true ? await renderQrCode(setup.totpUri) : undefined));
    printLine('');
    if (process.stdin.isTTY !== true) {
      printLine(formatRecoveryCodes(setup.recoveryCodes));
      printLine('\nSetup is not finished: confirm the authenticator with "codepiper auth confirm <code>".');
      return;
    }
    try {
      await confirmWithCode({ confirm: (code) => ctx.client.auth.confirmSetup(code), laterCommand: 'codepiper auth confirm' });
    } catch (error) {
      // The codes exist only in this answer: whatever happens, the owner gets to see them.
      printLine(formatRecoveryCodes(setup.recoveryCodes));
      throw error;
    }
    printLine('Authenticator confirmed: the owner is set up.\n');
    printLine(formatRecoveryCodes(setup.recoveryCodes));
  },
});
