import yargs from 'yargs';
import { attachCommand } from './commands/attach.js';
import { daemonCommand } from './commands/daemon.js';
import { keysCommand } from './commands/keys.js';
import { killCommand } from './commands/kill.js';
import { logsCommand } from './commands/logs.js';
import { renameCommand } from './commands/rename.js';
import { resizeCommand } from './commands/resize.js';
import { rmCommand } from './commands/rm.js';
import { sendCommand } from './commands/send.js';
import { sessionsCommand } from './commands/sessions.js';
import { startCommand } from './commands/start.js';
import { stopCommand } from './commands/stop.js';
import { CliError, EXIT, reportError, UsageError } from './errors.js';
import { protectStdinDash, restoreStdinDash } from './stdin-dash.js';
import { usageHint, usageMessage } from './usage-message.js';
import { cliVersion } from './version.js';

/** Builds the parser for one invocation; every command is registered here and nowhere else. */
export function buildParser(args: readonly string[]) {
  return yargs(protectStdinDash(args))
    .scriptName('codepiper')
    .usage('$0 <command> [options]\n\nRun AI coding agents and any command in terminal sessions owned by one daemon; reach them from here, over SSH, or from the web dashboard.')
    .parserConfiguration({ 'populate--': true, 'parse-positional-numbers': false })
    .option('home', { type: 'string', global: true, describe: 'CodePiper home holding daemon.sock (default: $CODEPIPER_HOME or ~/.codepiper)', requiresArg: true })
    .middleware((argv) => restoreStdinDash(argv as Record<string, unknown>), true)
    .command(daemonCommand)
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
    .completion('completion', 'Print a bash/zsh completion script (e.g. codepiper completion >> ~/.bashrc)')
    .demandCommand(1, 'name a command')
    .strict()
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(cliVersion())
    .example('$0 daemon --detach', 'start the daemon in the background')
    .example('$0 start --name api -- claude', 'run Claude Code in a new session')
    .example('ssh your-server $0 sessions', 'list the sessions on another machine')
    .example('ssh your-server $0 send a1b2c3d4 "check the test results"', 'type a prompt into a session')
    .example('ssh your-server $0 attach a1b2c3d4 --follow', 'watch a session stream')
    .epilogue('A session is referred to by its id, a unique prefix of the id, or its name. Exit status: 0 success, 1 failure, 2 bad command line.')
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
    await buildParser(args).parseAsync();
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    return reportError(error, usageHint(args));
  }
}
