import stripAnsi from 'strip-ansi';

// C0 controls other than tab, plus DEL and any ESC strip-ansi left behind (a malformed sequence).
// eslint-disable-next-line no-control-regex
const LEFTOVER_CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]/g;

/**
 * One line of terminal output (without its "\n") as plain text, the way it last looked on screen:
 * escape sequences removed; a carriage return that redrew the line (progress bars, spinners, a shell
 * redrawing its prompt) keeps only the last non-empty redraw; backspaces erase the character before
 * them; other control characters are dropped.
 */
export function cleanLogLine(line: string): string {
  let text = stripAnsi(line);
  text = text.replace(/\r+$/, '');
  if (text.includes('\r')) {
    const redraws = text.split('\r');
    text = [...redraws].reverse().find((part) => part.length > 0) ?? '';
  }
  if (text.includes('\b')) {
    const kept: string[] = [];
    for (const char of text) {
      if (char === '\b') kept.pop();
      else kept.push(char);
    }
    text = kept.join('');
  }
  return text.replace(LEFTOVER_CONTROLS, '');
}
