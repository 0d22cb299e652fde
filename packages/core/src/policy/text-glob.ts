import { CoreError } from '../errors.js';

const GLOB_CHARS = /[*?[]/;
const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/-]/g;

/** Whether a command or text pattern is a glob (`*`, `?` or `[`) rather than a literal prefix. */
export function hasGlobChars(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/**
 * Compiles a glob over free text: a shell command, a search query. Unlike a path glob (picomatch), `*`
 * matches any characters including `/`, spaces and newlines, because a command is not a path: `rm *`
 * must match `rm -rf /tmp/x`. `?` is one character, `[…]` a class (`[!…]` or `[^…]` negated), `\x` a
 * literal x; everything else, parentheses and braces included, is literal. Throws bad_request for an
 * unclosed class.
 */
export function compileTextGlob(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '\\' && i + 1 < pattern.length) {
      source += escapeRegex(pattern[++i]!);
    } else if (char === '*') {
      source += '.*';
    } else if (char === '?') {
      source += '.';
    } else if (char === '[') {
      const end = classEnd(pattern, i);
      if (end === -1) throw new CoreError('bad_request', `unclosed "[" in the pattern "${pattern}" (write \\[ for a literal [)`);
      source += classSource(pattern.slice(i + 1, end));
      i = end;
    } else {
      source += escapeRegex(char);
    }
  }
  try {
    return new RegExp(`^${source}$`, 's');
  } catch (error) {
    throw new CoreError('bad_request', `the pattern "${pattern}" has an invalid character class`, { cause: error });
  }
}

/** Index of the `]` closing the class opened at `start`; a `]` right after `[` (or `[!`) is literal. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '!' || pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  return -1;
}

function classSource(body: string): string {
  let negate = false;
  let rest = body;
  if (rest.startsWith('!') || rest.startsWith('^')) {
    negate = true;
    rest = rest.slice(1);
  }
  let inner = '';
  for (let i = 0; i < rest.length; i++) {
    const char = rest[i]!;
    if (char === '\\' && i + 1 < rest.length) inner += classLiteral(rest[++i]!);
    else if (char === '-' && i > 0 && i < rest.length - 1) inner += '-';
    else inner += classLiteral(char);
  }
  return `[${negate ? '^' : ''}${inner}]`;
}

/** A character taken literally inside a regex class (`\d` there would mean any digit, so only the class's own specials are escaped). */
function classLiteral(char: string): string {
  return char === ']' || char === '\\' || char === '^' || char === '-' || char === '[' ? `\\${char}` : char;
}

function escapeRegex(char: string): string {
  return char.replace(REGEX_SPECIAL, '\\$&');
}
