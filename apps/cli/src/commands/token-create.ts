import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { UsageError } from '../errors.js';
import { printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface TokenCreateArgs {
  name: string;
  readOnly: boolean;
  json: boolean;
}

export const tokenCreateCommand = defineCommand<TokenCreateArgs>({
  command: 'create',
  describe: 'Create an API token for scripts and the remote CLI; it is printed once',
  builder: (yargs) =>
    yargs
      .option('name', { alias: 'n', type: 'string', demandOption: true, requiresArg: true, describe: 'what the token is for (unique among active tokens)' })
      .option('read-only', { type: 'boolean', default: false, describe: 'may list and watch sessions, but not start, type into, resize or end them' })
      .option('json', JSON_OPTION)
      .example('$0 token create --name laptop', 'then on the laptop: CODEPIPER_URL=https://host:3000 CODEPIPER_TOKEN=<token> codepiper sessions')
      .example('$0 token create --name dashboard-tv --read-only', 'a token that can only watch'),
  handler: async (argv) => {
    const { ApiTokenNameSchema } = await import('@codepiper/protocol');
    const checked = ApiTokenNameSchema.safeParse(String(argv.name));
    if (!checked.success) throw new UsageError(`--name: ${checked.error.issues[0]?.message ?? 'not a valid token name'}`);
    const created = await commandContext(argv).client.auth.createToken({ name: checked.data, readOnly: argv.readOnly });
    if (argv.json) {
      printJson(created);
      return;
    }
    // The token alone on stdout (TOKEN=$(codepiper token create …) works); the note on stderr.
    printLine(created.token);
    process.stderr.write(
      `token "${created.name}" created (id ${created.id}, ${created.readOnly ? 'read-only' : 'full access'}). ` +
        'This is the only time it is shown: store it now (e.g. as CODEPIPER_TOKEN where it is used).\n',
    );
  },
});
