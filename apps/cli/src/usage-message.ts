import { AUTH_SUBCOMMANDS } from './commands/auth.js';
import { CONFIG_SUBCOMMANDS } from './commands/config.js';
import { SERVICE_SUBCOMMANDS } from './commands/service.js';
import { NOTIFY_SUBCOMMANDS } from './commands/notify.js';
import { POLICY_SUBCOMMANDS } from './commands/policy.js';
import { TOKEN_SUBCOMMANDS } from './commands/token.js';

/** Commands with subcommands, so that the hint names the one the user was typing. */
const SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = { daemon: ['stop', 'status'], auth: AUTH_SUBCOMMANDS, token: TOKEN_SUBCOMMANDS, policy: POLICY_SUBCOMMANDS, notify: NOTIFY_SUBCOMMANDS, config: CONFIG_SUBCOMMANDS, service: SERVICE_SUBCOMMANDS };

const COMMANDS = new Set([
  'daemon', 'config', 'service', 'start', 'sessions', 'ls', 'send', 'keys', 'attach', 'logs', 'stop', 'kill', 'rm', 'resize', 'rename', 'auth', 'token', 'audit', 'policy', 'notify', 'usage', 'completion',
]);

/** The global options that take a value: their values are not command words. */
const GLOBAL_VALUE_OPTIONS = new Set(['--home', '--url', '--token-file']);

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

/** `codepiper --help` (or `-h`) with no command: the help whose command list is grouped. */
export function isTopLevelHelp(args: readonly string[]): boolean {
  const separator = args.indexOf('--');
  const options = separator === -1 ? args : args.slice(0, separator);
  return words(args).length === 0 && (options.includes('--help') || options.includes('-h'));
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
  const [command, sub] = words(args);
  const suggestion = /^Did you mean (\S+)\?$/.exec(message)?.[1];
  const didYouMean = suggestion ? `; did you mean "${suggestion}"?` : '';
  if (command !== undefined && !COMMANDS.has(command)) return `unknown command "${command}"${didYouMean}`;
  const subcommands = command !== undefined ? SUBCOMMANDS[command] : undefined;
  if (subcommands && sub !== undefined && !subcommands.includes(sub)) return `unknown ${command} command "${sub}"${didYouMean}`;
  return message;
}
