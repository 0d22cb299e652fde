import { defineCommand } from '../define-command.js';
import { authConfirmTotpCommand } from './auth-confirm-totp.js';
import { authConfirmCommand } from './auth-confirm.js';
import { authLoginsCommand } from './auth-logins.js';
import { authRecoveryCodesCommand } from './auth-recovery-codes.js';
import { authResetPasswordCommand } from './auth-reset-password.js';
import { authResetTotpCommand } from './auth-reset-totp.js';
import { authRevokeAllCommand } from './auth-revoke-all.js';
import { authRevokeCommand } from './auth-revoke.js';
import { authSetupCommand } from './auth-setup.js';
import { authStatusCommand } from './auth-status.js';

/** The subcommands' names, for usage hints; kept beside the registrations so the two cannot drift. */
export const AUTH_SUBCOMMANDS = ['setup', 'confirm', 'status', 'reset-password', 'reset-totp', 'confirm-totp', 'recovery-codes', 'logins', 'revoke', 'revoke-all'] as const;

export const authCommand = defineCommand<object>({
  command: 'auth',
  describe: 'Owner setup (password, authenticator, recovery codes) and browser logins',
  builder: (yargs) =>
    yargs
      .command(authSetupCommand)
      .command(authConfirmCommand)
      .command(authStatusCommand)
      .command(authResetPasswordCommand)
      .command(authResetTotpCommand)
      .command(authConfirmTotpCommand)
      .command(authRecoveryCodesCommand)
      .command(authLoginsCommand)
      .command(authRevokeCommand)
      .command(authRevokeAllCommand)
      .demandCommand(1, 'name an auth command')
      .epilogue(
        "The unix socket is the owner's own door, so setup and resets need no password: they run only on the daemon's machine (also over ssh), never with --url.",
      ),
  handler: async () => undefined,
});
