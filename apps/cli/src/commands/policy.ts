import { defineCommand } from '../define-command.js';
import { policyAddCommand } from './policy-add.js';
import { policyListCommand } from './policy-list.js';
import { policyRmCommand } from './policy-rm.js';
import { policyTestCommand } from './policy-test.js';

/** The subcommands' names, for usage hints; kept beside the registrations so the two cannot drift. */
export const POLICY_SUBCOMMANDS = ['add', 'list', 'ls', 'rm', 'test'] as const;

export const policyCommand = defineCommand<object>({
  command: 'policy',
  describe: "Rules that allow, deny or ask before agents' tool calls (Bash, Edit, WebFetch, mcp__…)",
  builder: (yargs) =>
    yargs
      .command(policyAddCommand)
      .command(policyListCommand)
      .command(policyRmCommand)
      .command(policyTestCommand)
      .demandCommand(1, 'name a policy command')
      .epilogue('Rules are tried by priority (highest first), then scope (session, provider, global), then age; the first that matches decides, and a call no rule matches is asked.'),
  handler: async () => undefined,
});
