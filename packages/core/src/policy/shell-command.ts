/**
 * Just enough of shell syntax for policy matching. This is deliberately not a shell parser: quoting is
 * ignored, so `git commit -m "a; b"` counts as compound. Every mistake that causes is in the safe
 * direction: an allow rule fails to match (the owner is asked) or a deny/ask rule matches too much.
 */

/**
 * What lets one command line run a second command, or feed or write somewhere else: `;`, `&` (so `&&`
 * and a background `&`), `|` (so `||`), newlines (a continuation `\⏎` included), backticks, `$(`
 * (command and arithmetic substitution), and `>` `<` redirections (process substitution, here-docs).
 */
const CONTROL = /[;&|\n\r`<>]|\$\(/;
/** The same operators as separators, plus subshell parentheses, to cut a command line into simple commands. */
const SEPARATORS = /&&|\|\||\$\(|[;&|\n\r`<>()]/;
const SPACES = /[ \t\f\v]+/g;
/** `NAME=value` before a command only sets its environment. */
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=\S*$/;
/**
 * Words that run the command after them: a deny rule for `rm` should also catch `sudo rm` and
 * `xargs rm`, and shell keywords would otherwise hide the command in `if …; then rm x; fi`. Options
 * of the wrappers (`sudo -u x rm`) are not understood.
 */
const PASS_THROUGH = new Set(['sudo', 'env', 'command', 'builtin', 'exec', 'nohup', 'time', 'nice', 'xargs', 'then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{', '}']);

/** Whether the command line does more than run one simple command. */
export function hasShellControl(command: string): boolean {
  return CONTROL.test(command);
}

/** Trimmed, with each run of spaces and tabs made one space (newlines are kept: they separate commands). */
export function normaliseCommand(command: string): string {
  return command
    .split('\n')
    .map((line) => line.replace(SPACES, ' ').trim())
    .join('\n')
    .trim();
}

/**
 * The simple commands of a command line, each normalised, with leading environment assignments and
 * pass-through words removed and the program named bare: `FOO=1 sudo /bin/rm -rf x | tee log` →
 * `rm -rf x`, `tee log`. The forms before stripping are included too, so a rule naming `sudo` still
 * sees `sudo …`.
 */
export function commandSegments(command: string): string[] {
  const segments = new Set<string>();
  for (const part of command.split(SEPARATORS)) {
    const segment = normaliseCommand(part);
    if (segment === '') continue;
    segments.add(segment);
    const stripped = stripPassThrough(segment);
    if (stripped !== '') segments.add(stripped);
    const bare = bareProgram(stripped);
    if (bare !== stripped) segments.add(bare);
  }
  return [...segments];
}

/** `/bin/rm -rf x` and `\rm -rf x` (an alias bypass) run `rm` all the same. */
function bareProgram(segment: string): string {
  const space = segment.indexOf(' ');
  const program = space === -1 ? segment : segment.slice(0, space);
  const bare = program.replace(/^\\/, '').split('/').pop() ?? program;
  return bare === '' ? segment : bare + (space === -1 ? '' : segment.slice(space));
}

function stripPassThrough(segment: string): string {
  const words = segment.split(' ');
  let first = 0;
  while (first < words.length && (PASS_THROUGH.has(words[first]!) || ASSIGNMENT.test(words[first]!))) first++;
  return words.slice(first).join(' ');
}
