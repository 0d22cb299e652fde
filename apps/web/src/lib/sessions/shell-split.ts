export type SplitResult = { ok: true; argv: string[] } | { ok: false; error: string };

/**
 * Splits a typed command line into argv the way a POSIX shell would for plain words and quotes:
 * whitespace separates words, '…' is literal, "…" allows \" \\ \$ \` escapes, and a backslash outside
 * quotes escapes the next character. No expansion happens: `$HOME` stays as typed, since the daemon
 * runs the program directly (wrap it as `sh -c '…'` to get a shell).
 */
export function shellSplit(line: string): SplitResult {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1]!)) {
        i++;
        if (line[i] !== '\n') word += line[i];
      } else word += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= line.length) return { ok: false, error: 'the command ends with a lone backslash' };
      i++;
      if (line[i] !== '\n') word += line[i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) return { ok: false, error: `the command has an unclosed ${quote === "'" ? 'single' : 'double'} quote` };
  if (inWord) argv.push(word);
  return { ok: true, argv };
}
