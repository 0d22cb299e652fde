import type { CommandModule } from 'yargs';
import { asksOnlyVersion, commandWord } from './command-word.js';
import type { GlobalArgs } from './context.js';

type AnyCommand = CommandModule<GlobalArgs, never>;

interface RegisteredCommand {
  /** The command's name and aliases, as its module declares them (checked by a test). */
  names: readonly string[];
  load: () => Promise<AnyCommand>;
}

/**
 * Every top-level command, in the order `codepiper --help` lists them, each loaded on demand. A command
 * line that names one command loads only that module (and what it imports): a short command such as
 * `codepiper sessions` does not parse or run the code of the other forty (see BENCHMARKS.md, CLI
 * start-up). The bundled CLI goes further: each command is a bundle of its own, with only its entry
 * here (scripts/bundle-bin.mjs). Add a command here, not in cli.ts.
 */
export const COMMANDS: readonly RegisteredCommand[] = [
  { names: ['start'], load: async () => (await import('./commands/start.js')).startCommand as AnyCommand },
  { names: ['sessions', 'ls'], load: async () => (await import('./commands/sessions.js')).sessionsCommand as AnyCommand },
  { names: ['send'], load: async () => (await import('./commands/send.js')).sendCommand as AnyCommand },
  { names: ['keys'], load: async () => (await import('./commands/keys.js')).keysCommand as AnyCommand },
  { names: ['attach'], load: async () => (await import('./commands/attach.js')).attachCommand as AnyCommand },
  { names: ['logs'], load: async () => (await import('./commands/logs.js')).logsCommand as AnyCommand },
  { names: ['stop'], load: async () => (await import('./commands/stop.js')).stopCommand as AnyCommand },
  { names: ['kill'], load: async () => (await import('./commands/kill.js')).killCommand as AnyCommand },
  { names: ['rm'], load: async () => (await import('./commands/rm.js')).rmCommand as AnyCommand },
  { names: ['resize'], load: async () => (await import('./commands/resize.js')).resizeCommand as AnyCommand },
  { names: ['rename'], load: async () => (await import('./commands/rename.js')).renameCommand as AnyCommand },
  { names: ['daemon'], load: async () => (await import('./commands/daemon.js')).daemonCommand as AnyCommand },
  { names: ['config'], load: async () => (await import('./commands/config.js')).configCommand as AnyCommand },
  { names: ['service'], load: async () => (await import('./commands/service.js')).serviceCommand as AnyCommand },
  { names: ['auth'], load: async () => (await import('./commands/auth.js')).authCommand as AnyCommand },
  { names: ['token'], load: async () => (await import('./commands/token.js')).tokenCommand as AnyCommand },
  { names: ['audit'], load: async () => (await import('./commands/audit.js')).auditCommand as AnyCommand },
  { names: ['policy'], load: async () => (await import('./commands/policy.js')).policyCommand as AnyCommand },
  { names: ['usage'], load: async () => (await import('./commands/usage.js')).usageCommand as AnyCommand },
  { names: ['providers'], load: async () => (await import('./commands/providers.js')).providersCommand as AnyCommand },
  { names: ['approvals'], load: async () => (await import('./commands/approvals.js')).approvalsCommand as AnyCommand },
  { names: ['approve'], load: async () => (await import('./commands/approve.js')).approveCommand as AnyCommand },
  { names: ['deny'], load: async () => (await import('./commands/deny.js')).denyCommand as AnyCommand },
  { names: ['doctor'], load: async () => (await import('./commands/doctor.js')).doctorCommand as AnyCommand },
  { names: ['notify'], load: async () => (await import('./commands/notify.js')).notifyCommand as AnyCommand },
  { names: ['hook'], load: async () => (await import('./commands/hook.js')).hookCommand as AnyCommand },
];

export { asksOnlyVersion, commandWord };

/**
 * The commands to register for this command line: only the one it names when it names one, none for
 * `--version`, else all of them (top-level help, completion, an unknown word that yargs should answer
 * with a suggestion).
 */
export async function commandsFor(args: readonly string[]): Promise<AnyCommand[]> {
  if (asksOnlyVersion(args)) return [];
  const word = commandWord(args);
  const named = word === undefined ? undefined : COMMANDS.find((c) => c.names.includes(word));
  if (named) return [await named.load()];
  return Promise.all(COMMANDS.map((c) => c.load()));
}
