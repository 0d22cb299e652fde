import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { UsageError } from '../errors.js';
import { printSession } from '../format/index.js';
import { JSON_OPTION, REF_POSITIONAL, wholeNumber } from '../options.js';

interface StopArgs {
  ref: string;
  graceMs?: number;
  json: boolean;
}

export const stopCommand = defineCommand<StopArgs>({
  command: 'stop <ref>',
  describe: 'Stop a session: SIGHUP and SIGTERM, then SIGKILL after the grace period; waits until it has ended',
  builder: (yargs) =>
    yargs
      .positional('ref', REF_POSITIONAL)
      .option('grace-ms', { requiresArg: true, describe: 'milliseconds before SIGKILL (default 3000)', coerce: wholeNumber('--grace-ms') })
      .option('json', JSON_OPTION)
      .example('$0 stop api', 'ask the program to exit, kill it if it does not'),
  handler: async (argv) => {
    if (argv.graceMs !== undefined) {
      const { StopRequestSchema } = await import('@codepiper/protocol');
      const checked = StopRequestSchema.safeParse({ graceMs: argv.graceMs });
      if (!checked.success) throw new UsageError(`--grace-ms: ${checked.error.issues[0]?.message ?? 'out of range'}`);
    }
    printSession(await commandContext(argv).client.stop(argv.ref, argv.graceMs), argv.json);
  },
});
