/** Width of a string in a terminal, counting each code point once (tables hold ids, names, paths). */
function displayWidth(text: string): number {
  let width = 0;
  for (const _ of text) width++;
  return width;
}

/** Shortens text to `max` columns, marking the cut with "…" at the end. */
export function truncateEnd(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  return `${[...text].slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Shortens text to `max` columns, keeping its end (the informative part of a path). */
export function truncateStart(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `…${chars.slice(chars.length - Math.max(0, max - 1)).join('')}`;
}

/**
 * Left-aligned columns separated by two spaces, header first; the last column is not padded so no
 * line carries trailing blanks.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[column] ?? ''))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - displayWidth(cell))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
