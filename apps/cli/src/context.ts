import { DaemonClient } from './client/index.js';
import { daemonSocketPath, resolveHome } from './home.js';

/** Options every command accepts. */
export interface GlobalArgs {
  home?: string | undefined;
}

/** What a command needs to reach its daemon. */
export interface CommandContext {
  home: string;
  socketPath: string;
  /** The `--home` as typed, when given: hints repeat it so that a copy-pasted command targets the same daemon. */
  homeOption: string | undefined;
  client: DaemonClient;
}

export function commandContext(argv: GlobalArgs): CommandContext {
  const home = resolveHome(argv.home);
  const socketPath = daemonSocketPath(home);
  const homeOption = argv.home !== undefined && argv.home.length > 0 ? argv.home : undefined;
  return { home, socketPath, homeOption, client: new DaemonClient({ socketPath, homeOption }) };
}
