import { CliError, UsageError } from '../errors.js';

/** A token as the daemon issues it is printable ASCII with no spaces; anything else cannot go in a header. */
const TOKEN_SHAPE = /^[\x21-\x7e]+$/;

export interface TokenSource {
  token: string | undefined;
  /** Where the token came from, for messages: `CODEPIPER_TOKEN` or `--token-file <path>`. */
  source: string;
}

/**
 * The API token for remote mode: from `--token-file` when given (a flag beats the environment), else
 * CODEPIPER_TOKEN. Never from a flag of its own: a token on a command line leaks into shell history
 * and `ps`. Surrounding whitespace (the newline of `echo … > file`) is dropped.
 */
export function readApiToken(tokenFile: string | undefined, env: NodeJS.ProcessEnv, readFile: (path: string) => string): TokenSource {
  if (tokenFile !== undefined) {
    const source = `--token-file ${tokenFile}`;
    let text: string;
    try {
      text = readFile(tokenFile);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(`cannot read the token file ${tokenFile}${code ? ` (${code})` : ''}`, { cause: error });
    }
    return { token: checkToken(text.trim(), source), source };
  }
  const fromEnv = env.CODEPIPER_TOKEN?.trim();
  const source = 'CODEPIPER_TOKEN';
  return { token: fromEnv ? checkToken(fromEnv, source) : undefined, source };
}

function checkToken(token: string, source: string): string {
  if (token.length === 0) throw new UsageError(`${source} is empty`);
  if (!TOKEN_SHAPE.test(token)) throw new UsageError(`${source} does not hold a token: it contains spaces or control characters`);
  return token;
}
