import { describe, expect, it } from 'vitest';
import { LineEditor } from './line-editor.js';

const masked = (): LineEditor => new LineEditor({ visible: false, maxChars: 100 });
const visible = (): LineEditor => new LineEditor({ visible: true, maxChars: 100 });

describe('LineEditor', () => {
  it('submits the typed line on Enter and echoes nothing when masked', () => {
    const editor = masked();
    expect(editor.feed('s3cret pass')).toEqual({ echo: '' });
    expect(editor.feed('\r')).toEqual({ echo: '', outcome: 'submit' });
    expect(editor.line).toBe('s3cret pass');
  });

  it('echoes typed keys and erases on Backspace when visible', () => {
    const editor = visible();
    expect(editor.feed('1235')).toEqual({ echo: '1235' });
    expect(editor.feed('\x7f')).toEqual({ echo: '\b \b' });
    expect(editor.feed('4\n')).toEqual({ echo: '4', outcome: 'submit' });
    expect(editor.line).toBe('1234');
  });

  it('removes one whole code point per Backspace, and ignores Backspace on an empty line', () => {
    const editor = masked();
    editor.feed('\x7fab😀\x7f\bc');
    expect(editor.line).toBe('ac');
  });

  it('clears the line on Ctrl-U, erasing what was echoed', () => {
    const editor = visible();
    editor.feed('abc');
    expect(editor.feed('\x15')).toEqual({ echo: '\b \b\b \b\b \b' });
    expect(editor.line).toBe('');
  });

  it('reports Ctrl-C as an interrupt whatever was typed', () => {
    const editor = masked();
    expect(editor.feed('half\x03ignored')).toEqual({ echo: '', outcome: 'interrupt' });
  });

  it('reports Ctrl-D as end of input only on an empty line', () => {
    expect(masked().feed('\x04')).toEqual({ echo: '', outcome: 'eof' });
    const editor = masked();
    expect(editor.feed('a\x04b')).toEqual({ echo: '' });
    expect(editor.line).toBe('ab');
  });

  it('skips arrow keys, function keys and bracketed-paste markers, even split across reads', () => {
    const editor = masked();
    editor.feed('a\x1b[D\x1bOPb\x1b[200~pasted\x1b[201~');
    editor.feed('\x1b');
    editor.feed('[1;5');
    editor.feed('Cc');
    expect(editor.line).toBe('abpastedc');
  });

  it('drops other control characters and stops growing at maxChars', () => {
    const editor = new LineEditor({ visible: true, maxChars: 3 });
    expect(editor.feed('a\tb\x00\x9bcdef')).toEqual({ echo: 'abc' });
    expect(editor.line).toBe('abc');
  });
});
