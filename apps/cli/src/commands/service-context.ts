import { homedir, userInfo } from 'node:os';
import type { LocalCommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { runCommand, serviceFilePath, servicePlatform, type ServiceContext } from '../service/index.js';

/** What the service commands share: the platform, the file, what the service runs, and how to ask the manager. */
export function serviceContext(
  ctx: LocalCommandContext,
  exec: { nodePath: string; cliPath: string; args: readonly string[] } = { nodePath: process.execPath, cliPath: '', args: [] },
): Omit<ServiceContext, 'print'> & { print: (line: string) => void } {
  const platform = servicePlatform();
  if (!platform) throw new CliError(`"codepiper service" supports Linux (systemd) and macOS (launchd), not ${process.platform}; run "codepiper daemon --detach" from your system's startup instead`);
  const user = userInfo();
  return {
    platform,
    file: serviceFilePath(platform, homedir()),
    spec: { ...exec, home: ctx.home, path: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin' },
    run: runCommand,
    uid: user.uid,
    user: user.username,
    daemonRunning: () => ctx.client.isRunning(),
    print: () => undefined,
  };
}
