import yargs from 'yargs';
import { commandsFor, commandWord } from './command-registry.js';
import { CliError, EXIT, reportError, UsageError } from './errors.js';
import { groupCommandHelp, type CommandGroup } from './help-groups.js';
import { protectStdinDash, restoreStdinDash } from './stdin-dash.js';
import { cliVersion } from './version.js';

/** How `codepiper --help` arranges the commands. */
const HELP_GROUPS: readonly CommandGroup[] = [
  { title: 'Sessions', commands: ['start', 'sessions', 'send', 'keys', 'attach', 'logs', 'stop', 'kill', 'rm', 'resize', 'rename'] },
  { title: 'Daemon', commands: ['daemon', 'config', 'service'] },
  { title: 'Auth & tokens', commands: ['auth', 'token', 'audit'] },
  { title: 'Agents', commands: ['providers', 'approvals', 'approve', 'deny', 'policy', 'usage', 'doctor'] },
  { title: 'Notifications', commands: ['notify'] },
];

const CONNECTION_GROUP = 'Choosing the daemon:';

/** Builds the parser for one invocation with the commands it may run (see commandsFor). */
export function buildParser(args: readonly string[], commands: Awaited<ReturnType<typeof commandsFor>>) {
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
    // Every command is listed in command-registry.ts; this invocation's are loaded by main().
    .command(commands)
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
      'A session is referred to by its id, a unique prefix of the id, or its name. Every command but starting the daemon, "config", "service", "token create" and "auth setup/confirm/reset-*/confirm-totp/recovery-codes" also works remotely with --url or CODEPIPER_URL. Exit status: 0 success, 1 failure, 2 bad command line.',
    )
    .wrap(null)
    .fail((message, error) => {
      if (error instanceof CliError) throw error;
      throw new ParseFailure(message || error?.message || 'invalid command line');
    });
}

/** yargs rejected the command line; main() rewords its message (usage-message.ts) before reporting it. */
class ParseFailure extends UsageError {}

/** Runs one command line and returns the process exit status; every error is reported here. */
export async function main(args: readonly string[]): Promise<number> {
  process.exitCode = undefined;
  try {
    const parser = buildParser(args, await commandsFor(args));
    // usage-message.ts imports every command with subcommands: loaded only off the path of a command
    // that runs normally (without a command word every command is loaded anyway).
    if (commandWord(args) === undefined && (await import('./usage-message.js')).isTopLevelHelp(args)) {
      // yargs has no command groups: take its help text and regroup the command list.
      process.stdout.write(`${groupCommandHelp(await parser.getHelp(), HELP_GROUPS)}\n`);
      return EXIT.ok;
    }
    await parser.parseAsync();
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    const { usageHint, usageMessage } = await import('./usage-message.js');
    return reportError(error instanceof ParseFailure ? new UsageError(usageMessage(error.message, args)) : error, usageHint(args));
  }
}
