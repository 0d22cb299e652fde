import { TOTP_ATTEMPTS } from '../constants.js';
import { CliError } from '../errors.js';
import { readLine, terminalIO, type PromptIO } from '../prompt/index.js';

export interface CodeConfirmation {
  /** Sends a well-formed code to the daemon; a CliError with code `unauthorized` means the code was wrong. */
  confirm(code: string): Promise<unknown>;
  /** The command that finishes the job later, named when every try failed. */
  laterCommand: string;
  io?: PromptIO;
  warn?: (line: string) => void;
}

/**
 * Asks for a code from the authenticator until the daemon accepts one, at most TOTP_ATTEMPTS times.
 * A code that is not six digits is refused here and costs a try too, so a stuck key cannot loop.
 */
export async function confirmWithCode(options: CodeConfirmation): Promise<void> {
  const { TotpCodeSchema } = await import('@codepiper/protocol');
  const io = options.io ?? terminalIO();
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  for (let attempt = 1; attempt <= TOTP_ATTEMPTS; attempt++) {
    const typed = await readLine('Code from the authenticator app: ', { masked: false }, io);
    const checked = TotpCodeSchema.safeParse(typed);
    let problem: string;
    if (checked.success) {
      try {
        await options.confirm(checked.data);
        return;
      } catch (error) {
        if (!(error instanceof CliError) || error.code !== 'unauthorized') throw error;
        problem = error.message;
      }
    } else {
      problem = checked.error.issues[0]?.message ?? 'an authenticator code is 6 digits';
    }
    const left = TOTP_ATTEMPTS - attempt;
    if (left > 0) warn(`${problem}; ${left} ${left === 1 ? 'try' : 'tries'} left`);
    else throw new CliError(`${problem}; no code accepted after ${TOTP_ATTEMPTS} tries: finish later with "${options.laterCommand} <code>"`);
  }
}
