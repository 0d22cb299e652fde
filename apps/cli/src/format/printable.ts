/**
 * Text from the daemon made safe for a terminal: control characters (an escape sequence in a user
 * agent or a token name could move the cursor or retitle the window) become "?".
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
