import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { EXIT } from '../errors.js';
import { printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface DoctorArgs {
  json: boolean;
}

export const doctorCommand = defineCommand<DoctorArgs>({
  command: 'doctor',
  describe: 'Check this installation: Node.js, native modules, the daemon, the owner, and the agent binaries (exit 1 when something fails)',
  builder: (yargs) => yargs.option('json', JSON_OPTION).example('$0 doctor', 'what works and how to fix what does not'),
  handler: async (argv) => {
    const { formatDoctorReport, runDoctor } = await import('../doctor/index.js');
    const ctx = commandContext(argv);
    let up: Promise<boolean> | undefined;
    const results = await runDoctor({ client: ctx.client, local: ctx.target.kind === 'local', daemonUp: () => (up ??= ctx.client.isRunning()) });
    if (argv.json) printJson(results);
    else printLine(formatDoctorReport(results));
    if (results.some((result) => result.status === 'fail')) process.exitCode = EXIT.failure;
  },
});
