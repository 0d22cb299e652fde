import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { printSession } from '../format/index.js';
import { JSON_OPTION, REF_POSITIONAL } from '../options.js';

interface RenameArgs {
  ref: string;
  name: string;
  json: boolean;
}

export const renameCommand = defineCommand<RenameArgs>({
  command: 'rename <ref> <name>',
  describe: 'Rename a session',
  builder: (yargs) =>
    yargs
      .positional('ref', REF_POSITIONAL)
      .positional('name', { type: 'string', demandOption: true, describe: 'letters, digits, ".", "_" and "-"' })
      .option('json', JSON_OPTION),
  handler: async (argv) => {
    printSession(await commandContext(argv).client.rename(argv.ref, String(argv.name)), argv.json);
  },
});
