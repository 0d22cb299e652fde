import { defineCommand } from '../define-command.js';

interface HookArgs {
  provider: string;
  payload?: string[];
}

/**
 * `codepiper hook <provider>`: the hook forwarder, for agents configured by hand. Sessions CodePiper
 * launches run the daemon's forwarder directly (no yargs, faster). Hidden from help.
 */
export const hookCommand = defineCommand<HookArgs>({
  command: 'hook <provider> [payload..]',
  describe: false,
  builder: (yargs) =>
    yargs
      .positional('provider', { type: 'string', demandOption: true })
      .positional('payload', { type: 'string', array: true }),
  handler: async (argv) => {
    const { runHookForwarder } = await import('@codepiper/daemon/hook-forwarder');
    await runHookForwarder(argv.provider, { args: (argv.payload ?? []).map(String), env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
  },
});
