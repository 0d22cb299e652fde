/**
 * A small VT screen model: enough of ECMA-48 / xterm to lay out what a full-screen TUI (Claude Code's
 * renderer, shells, the CodePiper attach view) draws, so a test can read the screen as rows of text.
 * TUIs redraw with cursor moves (a space is often a jump to a column), so the raw byte stream cannot be
 * matched as text; the screen can. Colours and modes are ignored; the alternate screen is kept apart.
 */

/** Wide (two-column) code points: CJK and the emoji blocks, the ranges a terminal renders double width. */
function charWidth(codePoint: number): 0 | 1 | 2 {
  if ((codePoint >= 0x300 && codePoint <= 0x36f) || codePoint === 0x200d || (codePoint >= 0xfe00 && codePoint <= 0xfe0f)) return 0;
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1f64f) ||
    (codePoint >= 0x1f900 && codePoint <= 0x1f9ff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

type ParserState = 'ground' | 'escape' | 'charset' | 'csi' | 'osc' | 'string';

interface Buffer {
  cells: string[][];
  x: number;
  y: number;
  saved: { x: number; y: number };
}

export class TerminalScreen {
  private main: Buffer;
  private alt: Buffer;
  private buffer: Buffer;
  private top = 0;
  private bottom: number;
  private state: ParserState = 'ground';
  private sequence = '';
  /** After a write in the last column the cursor waits there; the next printable character wraps. */
  private wrapPending = false;

  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {
    this.main = this.blankBuffer();
    this.alt = this.blankBuffer();
    this.buffer = this.main;
    this.bottom = rows - 1;
  }

  /** The visible rows, trailing spaces removed (a no-break space is content: Claude Code's prompt is `❯` U+00A0). */
  lines(): string[] {
    return this.buffer.cells.map((row) => row.join('').replace(/ +$/, ''));
  }

  text(): string {
    return this.lines().join('\n');
  }

  write(data: string): void {
    for (const char of data) this.feed(char);
  }

  private blankBuffer(): Buffer {
    return { cells: Array.from({ length: this.rows }, () => this.blankRow()), x: 0, y: 0, saved: { x: 0, y: 0 } };
  }

  private blankRow(): string[] {
    return Array.from({ length: this.cols }, () => ' ');
  }

  private feed(char: string): void {
    switch (this.state) {
      case 'ground':
        return this.ground(char);
      case 'escape':
        return this.escape(char);
      case 'charset':
        this.state = 'ground';
        return;
      case 'csi':
        this.sequence += char;
        if (char >= '@' && char <= '~') {
          this.state = 'ground';
          this.csi(this.sequence);
        }
        return;
      case 'osc':
      case 'string':
        // Ends with BEL or ST (ESC \); the ESC of ST is kept to recognise the backslash after it.
        if (char === '\x07' || (char === '\\' && this.sequence.endsWith('\x1b'))) this.state = 'ground';
        else this.sequence = char === '\x1b' ? '\x1b' : '';
        return;
    }
  }

  private ground(char: string): void {
    const code = char.codePointAt(0)!;
    if (char === '\x1b') {
      this.state = 'escape';
      this.sequence = '';
    } else if (char === '\r') {
      this.moveTo(0, this.buffer.y);
    } else if (char === '\n' || char === '\v' || char === '\f') {
      this.lineFeed();
    } else if (char === '\b') {
      this.moveTo(this.buffer.x - 1, this.buffer.y);
    } else if (char === '\t') {
      this.moveTo(Math.min(this.cols - 1, (Math.floor(this.buffer.x / 8) + 1) * 8), this.buffer.y);
    } else if (code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0)) {
      this.print(char, charWidth(code));
    }
  }

  private escape(char: string): void {
    this.state = 'ground';
    const buffer = this.buffer;
    if (char === '[') {
      this.state = 'csi';
      this.sequence = '';
    } else if (char === ']') {
      this.state = 'osc';
      this.sequence = '';
    } else if ('P_^X'.includes(char)) {
      this.state = 'string';
      this.sequence = '';
    } else if ('()*+-./'.includes(char)) {
      this.state = 'charset';
    } else if (char === '7') {
      buffer.saved = { x: buffer.x, y: buffer.y };
    } else if (char === '8') {
      this.moveTo(buffer.saved.x, buffer.saved.y);
    } else if (char === 'D') {
      this.lineFeed();
    } else if (char === 'E') {
      this.lineFeed();
      this.moveTo(0, buffer.y);
    } else if (char === 'M') {
      if (buffer.y === this.top) this.scrollDown(1);
      else this.moveTo(buffer.x, buffer.y - 1);
    } else if (char === 'c') {
      this.main = this.blankBuffer();
      this.alt = this.blankBuffer();
      this.buffer = this.main;
      this.top = 0;
      this.bottom = this.rows - 1;
    }
  }

  private csi(sequence: string): void {
    const final = sequence[sequence.length - 1]!;
    const body = sequence.slice(0, -1);
    const prefix = /^[?>=<]/.test(body) ? body.charAt(0) : '';
    const params = body
      .slice(prefix.length)
      .replace(/[ -/]+$/, '')
      .split(';')
      .map((part) => (part === '' ? undefined : Number.parseInt(part, 10)));
    const n = (index: number, fallback: number): number => params[index] ?? fallback;
    const count = Math.max(1, n(0, 1));
    const buffer = this.buffer;
    if (prefix === '?') {
      if ((final === 'h' || final === 'l') && params.some((mode) => mode === 1049 || mode === 1047 || mode === 47)) this.switchScreen(final === 'h');
      return;
    }
    if (prefix !== '') return;
    switch (final) {
      case 'A':
        return this.moveTo(buffer.x, Math.max(buffer.y - count, buffer.y >= this.top ? this.top : 0));
      case 'B':
        return this.moveTo(buffer.x, Math.min(buffer.y + count, buffer.y <= this.bottom ? this.bottom : this.rows - 1));
      case 'C':
        return this.moveTo(buffer.x + count, buffer.y);
      case 'D':
        return this.moveTo(buffer.x - count, buffer.y);
      case 'E':
        return this.moveTo(0, buffer.y + count);
      case 'F':
        return this.moveTo(0, buffer.y - count);
      case 'G':
      case '`':
        return this.moveTo(n(0, 1) - 1, buffer.y);
      case 'd':
        return this.moveTo(buffer.x, n(0, 1) - 1);
      case 'H':
      case 'f':
        return this.moveTo(n(1, 1) - 1, n(0, 1) - 1);
      case 'J':
        return this.eraseDisplay(n(0, 0));
      case 'K':
        return this.eraseLine(n(0, 0));
      case 'X':
        return this.fill(buffer.y, buffer.x, Math.min(this.cols, buffer.x + count));
      case 'P':
        return this.shiftRow(buffer.y, buffer.x, -count);
      case '@':
        return this.shiftRow(buffer.y, buffer.x, count);
      case 'L':
        return this.insertLines(count);
      case 'M':
        return this.deleteLines(count);
      case 'S':
        return this.scrollUp(count);
      case 'T':
        return this.scrollDown(count);
      case 'r':
        this.top = Math.min(this.rows - 1, n(0, 1) - 1);
        this.bottom = Math.min(this.rows - 1, n(1, this.rows) - 1);
        if (this.bottom <= this.top) {
          this.top = 0;
          this.bottom = this.rows - 1;
        }
        return this.moveTo(0, 0);
      case 's':
        buffer.saved = { x: buffer.x, y: buffer.y };
        return;
      case 'u':
        return this.moveTo(buffer.saved.x, buffer.saved.y);
      default:
        return;
    }
  }

  private switchScreen(toAlt: boolean): void {
    if (toAlt === (this.buffer === this.alt)) return;
    if (toAlt) {
      this.alt = this.blankBuffer();
      this.alt.saved = { x: this.main.x, y: this.main.y };
    }
    this.buffer = toAlt ? this.alt : this.main;
    this.wrapPending = false;
  }

  private moveTo(x: number, y: number): void {
    this.buffer.x = Math.max(0, Math.min(this.cols - 1, x));
    this.buffer.y = Math.max(0, Math.min(this.rows - 1, y));
    this.wrapPending = false;
  }

  private print(char: string, width: 0 | 1 | 2): void {
    const buffer = this.buffer;
    if (width === 0) {
      const x = Math.max(0, buffer.x - (this.wrapPending ? 0 : 1));
      buffer.cells[buffer.y]![x] += char;
      return;
    }
    if (this.wrapPending || buffer.x + width > this.cols) {
      this.lineFeed();
      buffer.x = 0;
    }
    const row = buffer.cells[buffer.y]!;
    row[buffer.x] = char;
    if (width === 2 && buffer.x + 1 < this.cols) row[buffer.x + 1] = '';
    buffer.x += width;
    this.wrapPending = buffer.x >= this.cols;
    if (this.wrapPending) buffer.x = this.cols - 1;
  }

  private lineFeed(): void {
    this.wrapPending = false;
    if (this.buffer.y === this.bottom) this.scrollUp(1);
    else if (this.buffer.y < this.rows - 1) this.buffer.y += 1;
  }

  private scrollUp(count: number): void {
    const cells = this.buffer.cells;
    for (let i = 0; i < count; i++) {
      cells.splice(this.top, 1);
      cells.splice(this.bottom, 0, this.blankRow());
    }
  }

  private scrollDown(count: number): void {
    const cells = this.buffer.cells;
    for (let i = 0; i < count; i++) {
      cells.splice(this.bottom, 1);
      cells.splice(this.top, 0, this.blankRow());
    }
  }

  private insertLines(count: number): void {
    const { y } = this.buffer;
    if (y < this.top || y > this.bottom) return;
    const cells = this.buffer.cells;
    for (let i = 0; i < count; i++) {
      cells.splice(this.bottom, 1);
      cells.splice(y, 0, this.blankRow());
    }
  }

  private deleteLines(count: number): void {
    const { y } = this.buffer;
    if (y < this.top || y > this.bottom) return;
    const cells = this.buffer.cells;
    for (let i = 0; i < count; i++) {
      cells.splice(y, 1);
      cells.splice(this.bottom, 0, this.blankRow());
    }
  }

  private fill(y: number, from: number, to: number): void {
    const row = this.buffer.cells[y]!;
    for (let x = from; x < to; x++) row[x] = ' ';
  }

  private shiftRow(y: number, at: number, by: number): void {
    const row = this.buffer.cells[y]!;
    if (by > 0) {
      row.splice(at, 0, ...Array.from({ length: by }, () => ' '));
      row.length = this.cols;
    } else {
      row.splice(at, -by);
      while (row.length < this.cols) row.push(' ');
    }
  }

  private eraseLine(mode: number): void {
    const { x, y } = this.buffer;
    if (mode === 0) this.fill(y, x, this.cols);
    else if (mode === 1) this.fill(y, 0, x + 1);
    else this.fill(y, 0, this.cols);
  }

  private eraseDisplay(mode: number): void {
    const { x, y } = this.buffer;
    if (mode === 0) {
      this.fill(y, x, this.cols);
      for (let row = y + 1; row < this.rows; row++) this.fill(row, 0, this.cols);
    } else if (mode === 1) {
      for (let row = 0; row < y; row++) this.fill(row, 0, this.cols);
      this.fill(y, 0, x + 1);
    } else {
      for (let row = 0; row < this.rows; row++) this.fill(row, 0, this.cols);
    }
  }
}
