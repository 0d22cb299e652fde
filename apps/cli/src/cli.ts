import yargs from 'yargs';
import { approvalsCommand } from './commands/approvals.js';
import { approveCommand } from './commands/approve.js';
import { attachCommand } from './commands/attach.js';
import { auditCommand } from './commands/audit.js';
import { authCommand } from './commands/auth.js';
import { daemonCommand } from './commands/daemon.js';
import { denyCommand } from './commands/deny.js';
import { doctorCommand } from './commands/doctor.js';
import { hookCommand } from './commands/hook.js';
import { keysCommand } from './commands/keys.js';
import { killCommand } from './commands/kill.js';
import { logsCommand } from './commands/logs.js';
import { policyCommand } from './commands/policy.js';
import { providersCommand } from './commands/providers.js';
import { renameCommand } from './commands/rename.js';
import { resizeCommand } from './commands/resize.js';
import { rmCommand } from './commands/rm.js';
import { sendCommand } from './commands/send.js';
import { sessionsCommand } from './commands/sessions.js';
import { startCommand } from './commands/start.js';
import { stopCommand } from './commands/stop.js';
import { tokenCommand } from './commands/token.js';
import { usageCommand } from './commands/usage.js';
import { CliError, EXIT, reportError, UsageError } from './errors.js';
import { groupCommandHelp, type CommandGroup } from './help-groups.js';
import { protectStdinDash, restoreStdinDash } from './stdin-dash.js';
import { isTopLevelHelp, usageHint, usageMessage } from './usage-message.js';
import { cliVersion } from './version.js';

/** How `codepiper --help` arranges the commands. */
const HELP_GROUPS: readonly CommandGroup[] = [
  { title: 'Sessions', commands: ['start', 'sessions', 'send', 'keys', 'attach', 'logs', 'stop', 'kill', 'rm', 'resize', 'rename'] },
  { title: 'Daemon', commands: ['daemon'] },
  { title: 'Auth & tokens', commands: ['auth', 'token', 'audit'] },
  { title: 'Agents', commands: ['providers', 'approvals', 'approve', 'deny', 'policy', 'usage', 'doctor'] },
];

const CONNECTION_GROUP = 'Choosing the daemon:';

/** Builds the parser for one invocation; every command is registered here and nowhere else. */
export function buildParser(args: readonly string[]) {
  return yargs(protectStdinDash(args))
    .scriptName('codepiper')
    .usage('$0 <command> [options]\n\nRun AI coding agents and any command in terminal sessions owned by one daemon; reach them from here, over SSH, over HTTPS with an API token, or from the web dashboard.')
    .parserConfiguration({ 'populate--': true, 'parse-positional-numbers': false })
    .option('home', { type: 'string', global: true, describe: 'CodePiper home holding daemon.sock (default: $CODEPIPER_HOME or ~/.codepiper)', requiresArg: true })
    .option('url', {
      type: 'string',
      global: true,
      requiresArg: true,
      describe:
        "reach a daemon over the network instead of this machine's socket: http(s)://host:port (default: $CODEPIPER_URL), with the API token in $CODEPIPER_TOKEN. For an https certificate your system does not trust (self-signed), set NODE_EXTRA_CA_CERTS=<its CA .pem>",
    })
    .option('token-file', {
      type: 'string',
      global: true,
      requiresArg: true,
      describe: 'with --url: read the API token from this file instead of $CODEPIPER_TOKEN (a token is never an argument: those leak into shell history and ps)',
    })
    .group(['home', 'url', 'token-file'], CONNECTION_GROUP)
    .middleware((argv) => restoreStdinDash(argv as Record<string, unknown>), true)
    .command(startCommand)
    .command(sessionsCommand)
    .command(sendCommand)
    .command(keysCommand)
    .command(attachCommand)
    .command(logsCommand)
    .command(stopCommand)
    .command(killCommand)
    .command(rmCommand)
    .command(resizeCommand)
    .command(renameCommand)
    .command(daemonCommand)
    .command(authCommand)
    .command(tokenCommand)
    .command(auditCommand)
    .command(policyCommand)
    .command(usageCommand)
    .command(providersCommand)
    .command(approvalsCommand)
    .command(approveCommand)
    .command(denyCommand)
    .command(doctorCommand)
    .command(hookCommand)
    .completion('completion', 'Print a bash/zsh completion script (e.g. codepiper completion >> ~/.bashrc)')
    .demandCommand(1, 'name a command')
    .strict()
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(cliVersion())
    .example('$0 daemon --detach', 'start the daemon in the background')
    .example('$0 start --provider claude --name api', 'run Claude Code in a new session, with hooks, agent state and approvals')
    .example('ssh your-server $0 sessions', 'list the sessions on another machine')
    .example('ssh your-server $0 send a1b2c3d4 "check the test results"', 'type a prompt into a session')
    .example('ssh your-server $0 attach a1b2c3d4 --follow', 'watch a session stream')
    .example('$0 auth setup', 'set the owner password and authenticator for the web dashboard')
    .example('CODEPIPER_URL=https://your-server:3000 CODEPIPER_TOKEN=cpt_… $0 sessions', 'the same over HTTPS, with a token from "codepiper token create"')
    .epilogue(
      'A session is referred to by its id, a unique prefix of the id, or its name. Every command but starting the daemon and "auth setup/confirm/reset-*/confirm-totp/recovery-codes" also works remotely with --url or CODEPIPER_URL. Exit status: 0 success, 1 failure, 2 bad command line.',
    )
    .wrap(null)
    .fail((message, error) => {
      if (error instanceof CliError) throw error;
      throw new UsageError(usageMessage(message || error?.message || 'invalid command line', args));
    });
}

/** Runs one command line and returns the process exit status; every error is reported here. */
export async function main(args: readonly string[]): Promise<number> {
  process.exitCode = undefined;
  try {
    const parser = buildParser(args);
    if (isTopLevelHelp(args)) {
      // yargs has no command groups: take its help text and regroup the command list.
      process.stdout.write(`${groupCommandHelp(await parser.getHelp(), HELP_GROUPS)}\n`);
      return EXIT.ok;
    }
    await parser.parseAsync();
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    return reportError(error, usageHint(args));
  }
}
