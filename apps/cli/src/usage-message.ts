/** Commands with subcommands, so that the hint names the one the user was typing. */
const SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = { daemon: ['stop', 'status'] };

const COMMANDS = new Set(['daemon', 'start', 'sessions', 'ls', 'send', 'keys', 'attach', 'logs', 'stop', 'kill', 'rm', 'resize', 'rename', 'completion']);

/** The global option that takes a value: its value is not a command word. */
const GLOBAL_VALUE_OPTIONS = new Set(['--home']);

function words(args: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (GLOBAL_VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) found.push(arg);
  }
  return found;
}

/** `run "codepiper send --help" for usage`, naming the command found in the arguments when there is one. */
export function usageHint(args: readonly string[]): string {
  const [command, sub] = words(args);
  if (command === undefined || !COMMANDS.has(command)) return 'run "codepiper --help" for usage';
  const path = sub !== undefined && SUBCOMMANDS[command]?.includes(sub) ? `${command} ${sub}` : command;
  return `run "codepiper ${path} --help" for usage`;
}

/**
 * yargs' validation message, reworded where it is vague: a mistyped command reads as "Unknown
 * argument" or only as a suggestion, so name the command instead.
 */
export function usageMessage(message: string, args: readonly string[]): string {
  const [command] = words(args);
  if (command !== undefined && !COMMANDS.has(command)) {
    const suggestion = /^Did you mean (\S+)\?$/.exec(message)?.[1];
    return `unknown command "${command}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
  }
  return message;
}
