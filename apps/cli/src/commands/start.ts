import { isAbsolute, resolve } from 'node:path';
import { PROVIDER_NAMES, type CreateSessionRequest, type ProviderName } from '@codepiper/protocol';
import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { parseEnvArgs } from '../env-args.js';
import { UsageError } from '../errors.js';
import { printJson, printLine } from '../format/index.js';
import { JSON_OPTION, wholeNumber } from '../options.js';

interface StartArgs {
  cmd: string[];
  '--'?: string[];
  name?: string;
  cwd?: string;
  env?: string | string[];
  cols?: number;
  rows?: number;
  provider?: ProviderName;
  model?: string;
  resume?: string;
  json: boolean;
}

export const startCommand = defineCommand<StartArgs>({
  command: 'start [cmd..]',
  describe: 'Start a session running a command (default: your $SHELL) or an agent (--provider claude|codex) and print its id',
  builder: (yargs) =>
    yargs
      .positional('cmd', { type: 'string', array: true, describe: 'the command and its arguments (put them after -- when they have options)' })
      .option('name', { alias: 'n', type: 'string', describe: 'a name to refer to the session by' })
      .option('cwd', { type: 'string', describe: "working directory (default: the current one; with --url: an absolute path, default the daemon user's home)" })
      .option('env', { alias: 'e', type: 'string', describe: 'set an environment variable (repeatable)', requiresArg: true })
      .option('cols', { requiresArg: true, describe: 'terminal columns', coerce: wholeNumber('--cols') })
      .option('rows', { requiresArg: true, describe: 'terminal rows', coerce: wholeNumber('--rows') })
      .option('provider', {
        alias: 'p',
        type: 'string',
        choices: PROVIDER_NAMES,
        describe: 'what runs: an agent launched with hooks (claude, codex) or shell (the command given, the default); with an agent, arguments are passed to it',
      })
      .option('model', { alias: 'm', type: 'string', requiresArg: true, describe: 'with an agent: the model to start with' })
      .option('resume', { type: 'string', requiresArg: true, describe: "with an agent: continue this earlier conversation (the agent's own session id)" })
      .option('json', JSON_OPTION)
      .example('$0 start', 'a shell in the current directory')
      .example('$0 start --provider claude --model opus', 'Claude Code with hooks, agent state and approvals')
      .example('$0 start -p codex -- --full-auto', 'Codex with its own arguments')
      .example('$0 start --name api --cwd ~/src/api -- claude', 'Claude Code, named "api"')
      .example('$0 start --env DEBUG=1 -- npm test -- --watch', 'a command with options of its own'),
  handler: async (argv) => {
    const { ColsSchema, EnvSchema, RowsSchema } = await import('@codepiper/protocol');
    const command = [...(argv.cmd ?? []), ...(argv['--'] ?? [])].map(String);
    const agent = argv.provider !== undefined && argv.provider !== 'shell';
    if (!agent && (argv.model !== undefined || argv.resume !== undefined)) throw new UsageError('--model and --resume need an agent: add --provider claude or --provider codex');
    const env = parseEnvArgs(argv.env);
    if (env) {
      const checked = EnvSchema.safeParse(env);
      if (!checked.success) throw new UsageError(`invalid --env: ${checked.error.issues[0]?.message ?? 'bad environment'}`);
    }
    for (const [label, value, schema] of [['--cols', argv.cols, ColsSchema], ['--rows', argv.rows, RowsSchema]] as const) {
      if (value === undefined) continue;
      const checked = schema.safeParse(value);
      if (!checked.success) throw new UsageError(`${label}: ${checked.error.issues[0]?.message ?? 'out of range'}`);
    }
    const ctx = commandContext(argv);
    const request: CreateSessionRequest = {};
    if (ctx.target.kind === 'local') request.cwd = resolve(process.cwd(), argv.cwd ?? '.');
    else if (argv.cwd !== undefined) {
      // This machine's directories mean nothing on the daemon's: only an absolute path can be passed on.
      if (!isAbsolute(argv.cwd)) throw new UsageError(`--cwd must be an absolute path on the daemon's machine when it is remote, got "${argv.cwd}"`);
      request.cwd = argv.cwd;
    }
    if (argv.name !== undefined) request.name = argv.name;
    if (argv.provider !== undefined) request.provider = argv.provider;
    if (argv.model !== undefined) request.model = argv.model;
    if (argv.resume !== undefined) request.resume = argv.resume;
    // An agent is launched by the daemon: what follows is passed to it, not run as a command.
    if (command.length > 0) {
      if (agent) request.args = command;
      else request.command = command;
    }
    if (env) request.env = env;
    if (argv.cols !== undefined) request.cols = argv.cols;
    if (argv.rows !== undefined) request.rows = argv.rows;

    const session = await ctx.client.createSession(request);
    if (argv.json) printJson(session);
    else printLine(session.id);
  },
});
