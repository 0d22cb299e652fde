import { defineCommand } from '../define-command.js';
import { tokenCreateCommand } from './token-create.js';
import { tokenListCommand } from './token-list.js';
import { tokenRevokeCommand } from './token-revoke.js';

/** The subcommands' names, for usage hints; kept beside the registrations so the two cannot drift. */
export const TOKEN_SUBCOMMANDS = ['create', 'list', 'ls', 'revoke'] as const;

export const tokenCommand = defineCommand<object>({
  command: 'token',
  describe: 'API tokens: how scripts and the remote CLI (--url) authenticate',
  builder: (yargs) =>
    yargs
      .command(tokenCreateCommand)
      .command(tokenListCommand)
      .command(tokenRevokeCommand)
      .demandCommand(1, 'name a token command'),
  handler: async () => undefined,
});
