/** Global options that take a value (`--home <dir>`): skipped when looking for the command name. */
const GLOBAL_VALUE_OPTIONS = new Set(['--home', '--url', '--token-file']);

/** The first word of a command line that is not a global option (or its value), if any. */
export function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (GLOBAL_VALUE_OPTIONS.has(arg)) {
      i++;
      continue;
    }
    if ([...GLOBAL_VALUE_OPTIONS].some((option) => arg.startsWith(`${option}=`))) continue;
    // Any other option before the command (--help, --version, a typo) is for the whole CLI.
    return arg.startsWith('-') ? undefined : arg;
  }
  return undefined;
}

/**
 * `codepiper --version` (before any command word, without help or completion): yargs prints the version
 * before it looks at commands, so none needs to be loaded.
 */
export function asksOnlyVersion(args: readonly string[]): boolean {
  if (commandWord(args) !== undefined) return false;
  const separator = args.indexOf('--');
  const options = separator === -1 ? args : args.slice(0, separator);
  return options.includes('--version') && !options.some((arg) => arg === '--help' || arg === '-h' || arg === '--get-yargs-completions');
}
