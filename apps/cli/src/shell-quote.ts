/** Characters that never need quoting in a POSIX shell word. */
const SAFE_WORD = /^[\w@%+=:,./~-]+$/;

/** One argv entry as a user would type it in sh: bare when safe, else single-quoted. */
export function shellQuote(word: string): string {
  if (word.length > 0 && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** An argv as one copy-pasteable shell line. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
