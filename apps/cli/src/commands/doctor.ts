import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { EXIT } from '../errors.js';
import { printJson, printLine } from '../format/index.js';
import { DOCTOR_PROBE_TIMEOUT_MS } from '../constants.js';
import { JSON_OPTION } from '../options.js';
import { runCommand } from '../service/index.js';

interface DoctorArgs {
  json: boolean;
}

export const doctorCommand = defineCommand<DoctorArgs>({
  command: 'doctor',
  describe:
    'Check this installation: Node.js, native modules, config.json, permissions, the daemon, its ports, the owner, push keys, the clock, and the agent binaries (exit 1 when something fails)',
  builder: (yargs) => yargs.option('json', JSON_OPTION).example('$0 doctor', 'what works and how to fix what does not'),
  handler: async (argv) => {
    const { formatDoctorReport, runDoctor } = await import('../doctor/index.js');
    const ctx = commandContext(argv);
    let up: Promise<boolean> | undefined;
    const target = ctx.target;
    const results = await runDoctor({
      client: ctx.client,
      local: target.kind === 'local',
      daemonUp: () => (up ??= ctx.client.isRunning()),
      ...(target.kind === 'local' ? { home: target.home } : { remoteDate: () => remoteDate(target.url) }),
      run: runCommand,
    });
    if (argv.json) printJson(results);
    else printLine(formatDoctorReport(results, { color: process.stdout.isTTY === true && !process.env.NO_COLOR }));
    if (results.some((result) => result.status === 'fail')) process.exitCode = EXIT.failure;
  },
});

/** The remote daemon's clock: the Date header of its health answer (1 s resolution). */
async function remoteDate(url: URL): Promise<Date | undefined> {
  const health = new URL(`${url.pathname.replace(/\/+$/, '')}/api/health`, url);
  const answer = await fetch(health, { signal: AbortSignal.timeout(DOCTOR_PROBE_TIMEOUT_MS) });
  await answer.body?.cancel();
  const date = answer.headers.get('date');
  return date ? new Date(date) : undefined;
}
