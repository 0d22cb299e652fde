/** How a line of input ended: Enter, Ctrl-C, or Ctrl-D on an empty line. */
export type EditOutcome = 'submit' | 'interrupt' | 'eof';

/** What feeding some keystrokes produced: text to echo back to the terminal, and the end of the line if it came. */
export interface EditStep {
  echo: string;
  outcome?: EditOutcome;
}

export interface LineEditorOptions {
  /** Echo what is typed (an authenticator code) or nothing at all (a password: not even its length). */
  visible: boolean;
  maxChars: number;
}

type EscapeState = 'none' | 'start' | 'csi' | 'ss3';

/**
 * The line discipline of a prompt on a raw-mode terminal, free of any I/O: printable characters are
 * kept, Backspace removes the last one, Ctrl-U clears the line, Enter submits, Ctrl-C interrupts and
 * Ctrl-D on an empty line is end of input. Escape sequences (arrow keys, function keys, the markers
 * of a bracketed paste) are skipped whole, even when split across reads, so they never end up inside
 * a password.
 */
export class LineEditor {
  private chars: string[] = [];
  private escape: EscapeState = 'none';

  constructor(private readonly options: LineEditorOptions) {}

  get line(): string {
    return this.chars.join('');
  }

  feed(text: string): EditStep {
    let echo = '';
    // for…of walks code points, so an emoji is one character to keep and one to erase.
    for (const ch of text) {
      if (this.escape !== 'none') {
        this.escape = nextEscapeState(this.escape, ch);
        continue;
      }
      switch (ch) {
        case '\r':
        case '\n':
          return { echo, outcome: 'submit' };
        case '\x03':
          return { echo, outcome: 'interrupt' };
        case '\x04':
          if (this.chars.length === 0) return { echo, outcome: 'eof' };
          break;
        case '\x7f':
        case '\b':
          if (this.chars.pop() !== undefined && this.options.visible) echo += '\b \b';
          break;
        case '\x15':
          if (this.options.visible) echo += '\b \b'.repeat(this.chars.length);
          this.chars = [];
          break;
        case '\x1b':
          this.escape = 'start';
          break;
        default:
          if (isControl(ch) || this.chars.length >= this.options.maxChars) break;
          this.chars.push(ch);
          if (this.options.visible) echo += ch;
      }
    }
    return { echo };
  }
}

/** C0 and C1 control characters and DEL: keys with no place in a password or a code. */
function isControl(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/**
 * ESC [ params final (CSI: arrows, Delete, paste markers), ESC O x (SS3: keypad, F1–F4), or ESC x
 * (Alt+x). A CSI's parameter and intermediate bytes are 0x20–0x3f; its final byte is 0x40–0x7e.
 */
function nextEscapeState(state: EscapeState, ch: string): EscapeState {
  if (state === 'start') return ch === '[' ? 'csi' : ch === 'O' ? 'ss3' : 'none';
  if (state === 'ss3') return 'none';
  const code = ch.codePointAt(0) ?? 0;
  return code >= 0x40 && code <= 0x7e ? 'none' : 'csi';
}
