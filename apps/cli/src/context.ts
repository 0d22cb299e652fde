import { DaemonClient, UnixTransport, UrlTransport } from './client/index.js';
import { localOnly } from './errors.js';
import { resolveTarget, type DaemonTarget, type LocalTarget, type TargetArgs } from './target/index.js';

/** Options every command accepts: which daemon, and how to reach it. */
export type GlobalArgs = TargetArgs;

/** What a command needs to reach its daemon. */
export interface CommandContext {
  target: DaemonTarget;
  client: DaemonClient;
}

/** The context of a command that only makes sense on the daemon's own machine. */
export interface LocalCommandContext extends CommandContext {
  target: LocalTarget;
  home: string;
  socketPath: string;
  /** The `--home` as typed, when given: hints repeat it so that a copy-pasted command targets the same daemon. */
  homeOption: string | undefined;
}

export function commandContext(argv: GlobalArgs): CommandContext {
  const target = resolveTarget(argv);
  const transport = target.kind === 'local' ? new UnixTransport(target.socketPath, target.homeOption) : new UrlTransport(target);
  return { target, client: new DaemonClient(transport) };
}

/**
 * For the commands that stay on the unix socket (starting the daemon, owner setup and resets): the
 * daemon grants them only to the local owner, so remote mode is refused before anything is asked.
 */
export function localCommandContext(argv: GlobalArgs, command: string): LocalCommandContext {
  const ctx = commandContext(argv);
  const target = ctx.target;
  if (target.kind === 'remote') throw localOnly(command, target.urlSource);
  return { ...ctx, target, home: target.home, socketPath: target.socketPath, homeOption: target.homeOption };
}
