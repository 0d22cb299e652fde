const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/**
 * The input that sends a prompt from the input bar: its text, then Enter as a separate write.
 *
 * A multi-line prompt goes in as a bracketed paste when the program asked for that mode (Claude Code,
 * Codex and modern shells do), so its newlines stay inside the prompt instead of each one submitting
 * a line. Without the mode, newlines are sent as typed Enter keys would be. Paste markers inside the
 * text are removed so the text cannot end the paste early.
 */
export function promptInput(text: string, bracketedPaste: boolean): string[] {
  if (text === '') return ['\r'];
  const multiLine = /[\r\n]/.test(text);
  if (multiLine && bracketedPaste) {
    const clean = text.split(PASTE_START).join('').split(PASTE_END).join('').replace(/\r\n?/g, '\n');
    return [`${PASTE_START}${clean}${PASTE_END}`, '\r'];
  }
  return [text.replace(/\r?\n/g, '\r'), '\r'];
}
