import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface AuthRevokeArgs {
  loginId: string;
  json: boolean;
}

export const authRevokeCommand = defineCommand<AuthRevokeArgs>({
  command: 'revoke <login-id>',
  describe: 'End one browser login, closing its open connections',
  builder: (yargs) =>
    yargs.positional('login-id', { type: 'string', demandOption: true, describe: 'the ID "codepiper auth logins" shows' }).option('json', JSON_OPTION),
  handler: async (argv) => {
    const id = String(argv.loginId);
    await commandContext(argv).client.auth.revokeLogin(id);
    if (argv.json) printJson({ id, revoked: true });
    else printLine(`revoked login ${id}`);
  },
});
