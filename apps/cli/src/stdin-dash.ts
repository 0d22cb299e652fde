/**
 * yargs-parser swallows a lone "-" (it reads it as an empty short-option cluster), yet "-" is how a
 * user says "read stdin". Before parsing, each lone "-" is swapped for a marker no real argv can
 * contain (a NUL byte cannot be passed through exec), and swapped back after parsing.
 */
const MARKER = '\u0000-';

/** Protects every lone "-" before the `--` separator; what follows `--` is never parsed anyway. */
export function protectStdinDash(args: readonly string[]): string[] {
  const separator = args.indexOf('--');
  return args.map((arg, index) => (arg === '-' && (separator === -1 || index < separator) ? MARKER : arg));
}

/** Restores the markers in parsed values (strings and arrays of strings), in place. */
export function restoreStdinDash(argv: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(argv)) {
    if (value === MARKER) argv[key] = '-';
    else if (Array.isArray(value)) argv[key] = value.map((item: unknown) => (item === MARKER ? '-' : item));
  }
}
