import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { CliError } from '../errors.js';
import { formatDaemonStatus, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface DaemonStatusArgs {
  json: boolean;
}

export const daemonStatusCommand = defineCommand<DaemonStatusArgs>({
  command: 'status',
  describe: 'Show whether the daemon runs, its pid, listeners and session counts (exit 1 when it does not run)',
  builder: (yargs) => yargs.option('json', JSON_OPTION),
  handler: async (argv) => {
    const ctx = commandContext(argv);
    try {
      const status = await ctx.client.status();
      if (argv.json) printJson(status);
      else printLine(formatDaemonStatus(status));
    } catch (error) {
      if (error instanceof CliError && error.code === 'daemon_unavailable' && argv.json) printJson({ running: false });
      throw error;
    }
  },
});
