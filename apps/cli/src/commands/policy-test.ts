import { isAbsolute, resolve } from 'node:path';
import type { PolicyTestRequest, ProviderName } from '@codepiper/protocol';
import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { UsageError } from '../errors.js';
import { formatVerdict, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';
import { oneOf, PROVIDERS } from './policy-add.js';

interface PolicyTestArgs {
  tool: string;
  input: string;
  session?: string;
  provider?: ProviderName;
  cwd?: string;
  json: boolean;
}

export const policyTestCommand = defineCommand<PolicyTestArgs>({
  command: 'test',
  describe: 'Dry run: which rule would decide a tool call, and why (nothing runs)',
  builder: (yargs) =>
    yargs
      .option('tool', { type: 'string', demandOption: true, requiresArg: true, describe: 'the tool name: Bash, Edit, WebFetch, mcp__github__create_issue, …' })
      .option('input', { type: 'string', demandOption: true, describe: "the tool's main input: the command, the file path, the URL" })
      .option('session', { type: 'string', requiresArg: true, describe: "as in this session (its id, prefix or name): its rules, provider and cwd" })
      .option('provider', { type: 'string', requiresArg: true, describe: 'without --session: as in a session of this provider: shell, claude or codex (default claude)', coerce: oneOf('--provider', PROVIDERS) })
      .option('cwd', { type: 'string', requiresArg: true, describe: "without --session: as in a session in this directory (default: the current one; with --url, the daemon user's home)" })
      .option('json', JSON_OPTION)
      .conflicts('session', ['provider', 'cwd'])
      .example('$0 policy test --tool Bash --input "git status; rm -rf ~"', 'shows that "allow git" does not cover a chained command')
      .example('$0 policy test --tool Edit --input src/app.ts --session api', "as if session api's agent edited the file"),
  handler: async (argv) => {
    const ctx = commandContext(argv);
    const request: PolicyTestRequest = { tool: argv.tool, input: argv.input };
    if (argv.session !== undefined) request.session = argv.session;
    else {
      if (argv.provider !== undefined) request.provider = argv.provider;
      if (ctx.target.kind === 'local') request.cwd = resolve(process.cwd(), argv.cwd ?? '.');
      else if (argv.cwd !== undefined) {
        // This machine's directories mean nothing on the daemon's: only an absolute path can be passed on.
        if (!isAbsolute(argv.cwd)) throw new UsageError(`--cwd must be an absolute path on the daemon's machine when it is remote, got "${argv.cwd}"`);
        request.cwd = argv.cwd;
      }
    }
    const verdict = await ctx.client.policy.test(request);
    if (argv.json) printJson(verdict);
    else printLine(formatVerdict(verdict));
  },
});
