import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface TokenRevokeArgs {
  token: string;
  json: boolean;
}

export const tokenRevokeCommand = defineCommand<TokenRevokeArgs>({
  command: 'revoke <token>',
  describe: 'Revoke an API token by id or name; its open connections close at once',
  builder: (yargs) =>
    yargs.positional('token', { type: 'string', demandOption: true, describe: 'the token\'s id or name, as "codepiper token list" shows' }).option('json', JSON_OPTION),
  handler: async (argv) => {
    const ref = String(argv.token);
    await commandContext(argv).client.auth.revokeToken(ref);
    if (argv.json) printJson({ token: ref, revoked: true });
    else printLine(`revoked token ${ref}`);
  },
});
