/** A heading of the top-level help and the commands listed under it, in order. */
export interface CommandGroup {
  title: string;
  commands: readonly string[];
}

/** The command word of a help line such as `  codepiper send <ref> [text..]  Type text…`. */
function commandWord(line: string, scriptName: string): string | undefined {
  const prefix = `  ${scriptName} `;
  return line.startsWith(prefix) ? line.slice(prefix.length).split(' ')[0] : undefined;
}

/**
 * yargs lists every command under one "Commands:" heading; this splits that block into the given
 * groups (commands in no group end up under "Other:"), keeping yargs' own lines and alignment.
 */
export function groupCommandHelp(help: string, groups: readonly CommandGroup[], scriptName = 'codepiper'): string {
  const lines = help.split('\n');
  const start = lines.indexOf('Commands:');
  if (start === -1) return help;
  let end = start + 1;
  while (end < lines.length && lines[end] !== '') end++;
  const commandLines = lines.slice(start + 1, end);
  const placed = new Set<string>();
  const blocks: string[] = [];
  const listed = (names: readonly string[]): string[] =>
    names.flatMap((name) => commandLines.filter((line) => commandWord(line, scriptName) === name && !placed.has(line)).map((line) => (placed.add(line), line)));
  for (const group of groups) {
    const members = listed(group.commands);
    if (members.length > 0) blocks.push(`${group.title}:`, ...members, '');
  }
  const rest = commandLines.filter((line) => !placed.has(line));
  if (rest.length > 0) blocks.push('Other:', ...rest, '');
  return [...lines.slice(0, start), ...blocks.slice(0, -1), ...lines.slice(end)].join('\n');
}
