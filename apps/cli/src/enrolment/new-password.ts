import type { Readable } from 'node:stream';
import { PASSWORD_ATTEMPTS, PASSWORD_STDIN_MAX_BYTES } from '../constants.js';
import { CliError, UsageError } from '../errors.js';
import { readFirstLine, readLine, terminalIO, type PromptIO } from '../prompt/index.js';

export interface PasswordSources {
  /** `--password-stdin`: the first line of stdin. */
  fromStdin: boolean;
  stdin?: Readable & { isTTY?: boolean };
  io?: PromptIO;
  /** Where the reasons a typed password was refused go before asking again. */
  warn?: (line: string) => void;
}

/**
 * A new password for setup or reset: the first line of stdin with `--password-stdin`, else typed twice
 * at masked prompts. Either way it is held to the daemon's policy here first (protocol's
 * PasswordSchema), so that a short password is caught before anything changes on the daemon.
 */
export async function obtainNewPassword(sources: PasswordSources): Promise<string> {
  const { PasswordSchema } = await import('@codepiper/protocol');
  const policyProblem = (password: string): string | undefined => {
    const checked = PasswordSchema.safeParse(password);
    return checked.success ? undefined : (checked.error.issues[0]?.message ?? 'that password is not allowed');
  };
  const stdin = sources.stdin ?? process.stdin;
  if (sources.fromStdin) {
    const password = await readFirstLine(stdin, PASSWORD_STDIN_MAX_BYTES, 'the password');
    if (password.length === 0) throw new CliError('no password on stdin (--password-stdin reads its first line)');
    const problem = policyProblem(password);
    if (problem) throw new CliError(problem);
    return password;
  }
  if (stdin.isTTY !== true) throw new UsageError('stdin is not a terminal to type a password in: pipe it in with --password-stdin');
  const io = sources.io ?? terminalIO();
  const warn = sources.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  for (let attempt = 1; ; attempt++) {
    const password = await readLine('New password: ', { masked: true }, io);
    let problem = policyProblem(password);
    if (!problem) {
      const again = await readLine('Repeat the password: ', { masked: true }, io);
      if (again === password) return password;
      problem = 'the two passwords differ';
    }
    if (attempt >= PASSWORD_ATTEMPTS) throw new CliError(`${problem}; no password set`);
    warn(`${problem}; try again`);
  }
}
