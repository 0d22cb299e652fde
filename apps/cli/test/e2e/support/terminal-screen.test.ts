import { describe, expect, it } from 'vitest';
import { TerminalScreen } from './terminal-screen.js';

const screenOf = (data: string, cols = 20, rows = 5): TerminalScreen => {
  const screen = new TerminalScreen(cols, rows);
  screen.write(data);
  return screen;
};

describe('TerminalScreen', () => {
  it('lays out words a TUI separates with column jumps instead of spaces', () => {
    // As Claude Code 2.1.331 draws "● mock: no reply" (captured from the real binary).
    const screen = screenOf('\x1b[H\n\x1b[38;5;231m●\x1b[3G\x1b[39mmock:\x1b[9Gno\x1b[12Greply');
    expect(screen.lines()[1]).toBe('● mock: no reply');
  });

  it('keeps the no-break space of the prompt and trims only plain trailing spaces', () => {
    const screen = screenOf('\x1b[3;1H❯\u00a0\x1b[7m \x1b[27m   ');
    expect(screen.text()).toMatch(/^❯\u00a0$/m);
  });

  it('parses escape sequences split across writes', () => {
    const screen = new TerminalScreen(20, 3);
    for (const chunk of ['ab\x1b', '[2', ';5Hc', '\x1b]0;ti', 'tle\x07d']) screen.write(chunk);
    expect(screen.lines()).toEqual(['ab', '    cd', '']);
  });

  it('moves relative to the cursor, erases lines and the display', () => {
    const screen = screenOf('hello\x1b[2D\x1b[K\x1b[1B\x1b[2Cx\x1b[3;1Hgone\x1b[3;1H\x1b[J');
    expect(screen.lines()).toEqual(['hel', '     x', '', '', '']);
  });

  it('wraps at the right margin only when the next character arrives, and scrolls at the bottom', () => {
    const screen = screenOf('abcd\x1b[1;1Hwxyz\r\n1\r\n2\r\n3', 4, 3);
    expect(screen.lines()).toEqual(['1', '2', '3']);
    const pending = screenOf('abcd', 4, 2);
    expect(pending.lines()).toEqual(['abcd', '']);
    pending.write('e');
    expect(pending.lines()).toEqual(['abcd', 'e']);
  });

  it('scrolls only inside the scroll region', () => {
    const screen = screenOf('top\x1b[2;3r\x1b[2;1Ha\r\nb\r\nc', 10, 4);
    expect(screen.lines()).toEqual(['top', 'b', 'c', '']);
  });

  it('keeps the alternate screen apart and restores the main one', () => {
    const screen = screenOf('main\x1b[?1049hALT');
    expect(screen.lines()[0]).toBe('ALT');
    screen.write('\x1b[?1049l');
    expect(screen.lines()[0]).toBe('main');
  });

  it('gives wide characters two columns', () => {
    expect(screenOf('界x').lines()[0]).toBe('界x');
    expect(screenOf('界\x1b[3Gy').lines()[0]).toBe('界y');
  });
});
