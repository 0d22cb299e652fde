import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { printSession } from '../format/index.js';
import { JSON_OPTION, REF_POSITIONAL } from '../options.js';

interface KillArgs {
  ref: string;
  json: boolean;
}

export const killCommand = defineCommand<KillArgs>({
  command: 'kill <ref>',
  describe: "Kill a session's processes at once (SIGKILL); waits until it has ended",
  builder: (yargs) => yargs.positional('ref', REF_POSITIONAL).option('json', JSON_OPTION),
  handler: async (argv) => {
    printSession(await commandContext(argv).client.kill(argv.ref), argv.json);
  },
});
