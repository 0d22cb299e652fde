import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { printJson, printLine } from '../format/index.js';
import { JSON_OPTION, REF_POSITIONAL } from '../options.js';

interface RmArgs {
  ref: string;
  force: boolean;
  json: boolean;
}

export const rmCommand = defineCommand<RmArgs>({
  command: 'rm <ref>',
  describe: 'Delete an ended session and its output log',
  builder: (yargs) =>
    yargs
      .positional('ref', REF_POSITIONAL)
      .option('force', { type: 'boolean', default: false, describe: 'kill the session first if it is still running' })
      .option('json', JSON_OPTION),
  handler: async (argv) => {
    const ctx = commandContext(argv);
    // Resolve first: the answer names the id even when the user typed a name or a prefix.
    const { id } = await ctx.client.getSession(argv.ref);
    await ctx.client.remove(id, argv.force);
    if (argv.json) printJson({ id, removed: true });
    else printLine(`removed ${id}`);
  },
});
