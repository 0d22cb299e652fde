import { spawnSync } from 'node:child_process';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a service manager's command (systemctl, launchctl, loginctl); a missing binary is exit 127. */
export type CommandRunner = (command: string, args: readonly string[]) => CommandResult;

/** Bounded: a service manager that hangs must not hang the CLI. */
const SERVICE_COMMAND_TIMEOUT_MS = 30_000;

export const runCommand: CommandRunner = (command, args) => {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: SERVICE_COMMAND_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) return { code: (result.error as NodeJS.ErrnoException).code === 'ENOENT' ? 127 : 1, stdout: '', stderr: result.error.message };
  return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
};
