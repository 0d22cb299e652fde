import type { Options, PositionalOptions } from 'yargs';

/** `--json`: the commands' machine-readable output switch. */
export const JSON_OPTION: Options = { type: 'boolean', default: false, describe: 'print JSON instead of a table' };

/** A session reference: kept a string, so that an all-digit id prefix such as 0123 keeps its zeros. */
export const REF_POSITIONAL: PositionalOptions = {
  type: 'string',
  demandOption: true,
  describe: 'session id, unique id prefix, or name',
};

/**
 * Parses a whole number option or positional; throwing here makes yargs report a usage error (exit 2)
 * naming the argument, instead of passing NaN on to the daemon.
 */
export function wholeNumber(label: string, min = 0): (value: unknown) => number | undefined {
  return (value: unknown) => {
    if (value === undefined) return undefined;
    const text = String(Array.isArray(value) ? value[value.length - 1] : value).trim();
    if (!/^\d+$/.test(text)) throw new Error(`${label} must be a whole number, got "${text}"`);
    const number = Number(text);
    if (number < min) throw new Error(`${label} must be at least ${min}, got ${number}`);
    return number;
  };
}

/** `--password-stdin`: a new password from a pipe, never from the command line (history, `ps`). */
export const PASSWORD_STDIN_OPTION: Options = {
  type: 'boolean',
  default: false,
  describe: 'read the new password from the first line of stdin instead of asking twice at a masked prompt',
};
