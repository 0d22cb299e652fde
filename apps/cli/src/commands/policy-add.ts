import type { CreatePolicyRuleRequest, PolicyAction, ProviderName } from '@codepiper/protocol';
import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { UsageError } from '../errors.js';
import { formatPolicyTable, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface PolicyAddArgs {
  action: PolicyAction;
  tool: string;
  input?: string;
  cwd?: string;
  provider?: ProviderName;
  session?: string;
  priority?: number;
  reason?: string;
  json: boolean;
}

// Spelled out rather than imported: the protocol's values load zod, which every command start would pay for.
const ACTIONS = ['allow', 'deny', 'ask'] as const satisfies readonly PolicyAction[];
export const PROVIDERS = ['shell', 'claude', 'codex'] as const satisfies readonly ProviderName[];

/** The daemon's bound on priorities; checked here too so a typo is a usage error, not a round trip. */
const PRIORITY_LIMIT = 1000;

/** A coerce for a closed set of words: yargs' own `choices` message spans lines, and errors here are one line. */
export function oneOf<T extends string>(label: string, values: readonly T[]): (value: unknown) => T | undefined {
  return (value: unknown) => {
    if (value === undefined) return undefined;
    const text = String(Array.isArray(value) ? value[value.length - 1] : value);
    if (!(values as readonly string[]).includes(text)) throw new Error(`${label} must be ${values.slice(0, -1).join(', ')} or ${values.at(-1)!}, got "${text}"`);
    return text as T;
  };
}

function priority(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = String(Array.isArray(value) ? value[value.length - 1] : value).trim();
  if (!/^-?\d+$/.test(text)) throw new Error(`--priority must be a whole number, got "${text}"`);
  const number = Number(text);
  if (Math.abs(number) > PRIORITY_LIMIT) throw new Error(`--priority must be between -${PRIORITY_LIMIT} and ${PRIORITY_LIMIT}, got ${number}`);
  return number;
}

export const policyAddCommand = defineCommand<PolicyAddArgs>({
  command: 'add <action>',
  describe: 'Add a rule: allow, deny or ask for tool calls matching a tool glob (and optionally an input, cwd and scope)',
  builder: (yargs) =>
    yargs
      .positional('action', { type: 'string', demandOption: true, describe: 'what a matching call gets: allow, deny or ask', coerce: oneOf('the action', ACTIONS) })
      .option('tool', { type: 'string', demandOption: true, requiresArg: true, describe: 'glob on the tool name: Bash, Edit, "{Read,Grep}", "mcp__github__*", "*"' })
      .option('input', {
        type: 'string',
        requiresArg: true,
        describe: "the tool's main input: Bash's command (a prefix on whole words, or a glob with * ? [), a file path glob (relative to the session's cwd), WebFetch's host",
      })
      .option('cwd', { type: 'string', requiresArg: true, describe: 'only in sessions whose working directory matches this glob (absolute or ~/…)' })
      .option('provider', { type: 'string', requiresArg: true, describe: 'only for sessions of this provider: shell, claude or codex', coerce: oneOf('--provider', PROVIDERS) })
      .option('session', { type: 'string', requiresArg: true, describe: 'only for this session (id, unique id prefix or name)' })
      .option('priority', { requiresArg: true, describe: `higher is tried first (-${PRIORITY_LIMIT}…${PRIORITY_LIMIT}, default 0)`, coerce: priority })
      .option('reason', { type: 'string', requiresArg: true, describe: 'why, shown in lists and verdicts' })
      .option('json', JSON_OPTION)
      .conflicts('provider', 'session')
      .example('$0 policy add allow --tool Bash --input "git status"', 'git status (and its options) runs without asking')
      .example('$0 policy add deny --tool Bash --input "rm -rf *" --priority 100', 'never, whatever else allows it')
      .example('$0 policy add allow --tool "{Edit,Write}" --input "src/**" --provider claude', "Claude may edit files under the session's src/")
      .example('$0 policy add allow --tool WebFetch --input "*.github.com"', 'fetches from GitHub subdomains'),
  handler: async (argv) => {
    const { CreatePolicyRuleRequestSchema } = await import('@codepiper/protocol');
    const request: CreatePolicyRuleRequest = { action: argv.action, tool: argv.tool };
    if (argv.input !== undefined) request.input = argv.input;
    if (argv.cwd !== undefined) request.cwd = argv.cwd;
    if (argv.provider !== undefined) request.provider = argv.provider;
    if (argv.session !== undefined) request.session = argv.session;
    if (argv.priority !== undefined) request.priority = argv.priority;
    if (argv.reason !== undefined) request.reason = argv.reason;
    const checked = CreatePolicyRuleRequestSchema.safeParse(request);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const where = issue?.path.length ? `--${issue.path.map(String).join('.')}: ` : '';
      throw new UsageError(`${where}${issue?.message ?? 'invalid rule'}`);
    }
    const rule = await commandContext(argv).client.policy.add(checked.data);
    if (argv.json) printJson(rule);
    else printLine(formatPolicyTable([rule]));
  },
});
