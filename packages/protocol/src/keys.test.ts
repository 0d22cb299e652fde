import { describe, expect, it } from 'vitest';
import { KEY_NAMES, keysToSequence, keyToSequence } from './keys.js';

const ESC = '\x1b';

// The xterm sequences (normal cursor-key mode) every named key from the spec must produce.
const EXPECTED: ReadonlyArray<[string, string]> = [
  ['enter', '\r'],
  ['esc', ESC],
  ['tab', '\t'],
  ['backspace', '\x7f'],
  ['up', `${ESC}[A`],
  ['down', `${ESC}[B`],
  ['right', `${ESC}[C`],
  ['left', `${ESC}[D`],
  ['home', `${ESC}[H`],
  ['end', `${ESC}[F`],
  ['pgup', `${ESC}[5~`],
  ['pgdn', `${ESC}[6~`],
  ['shift+tab', `${ESC}[Z`],
  ['f1', `${ESC}OP`],
  ['f2', `${ESC}OQ`],
  ['f3', `${ESC}OR`],
  ['f4', `${ESC}OS`],
  ['f5', `${ESC}[15~`],
  ['f6', `${ESC}[17~`],
  ['f7', `${ESC}[18~`],
  ['f8', `${ESC}[19~`],
  ['f9', `${ESC}[20~`],
  ['f10', `${ESC}[21~`],
  ['f11', `${ESC}[23~`],
  ['f12', `${ESC}[24~`],
];

describe('keyToSequence', () => {
  it.each(EXPECTED)('maps %s to its xterm sequence', (name, sequence) => {
    expect(keyToSequence(name)).toBe(sequence);
  });

  it('maps ctrl+a … ctrl+z to the control characters 0x01 … 0x1a', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    for (let i = 0; i < letters.length; i++) expect(keyToSequence(`ctrl+${letters[i]}`)).toBe(String.fromCharCode(i + 1));
    expect(keyToSequence('ctrl+c')).toBe('\x03');
    expect(keyToSequence('ctrl+d')).toBe('\x04');
  });

  it('maps the aliases to the same bytes as their key', () => {
    expect(keyToSequence('return')).toBe(keyToSequence('enter'));
    expect(keyToSequence('escape')).toBe(keyToSequence('esc'));
    expect(keyToSequence('pageup')).toBe(keyToSequence('pgup'));
    expect(keyToSequence('pagedown')).toBe(keyToSequence('pgdn'));
    expect(keyToSequence('del')).toBe(keyToSequence('delete'));
    for (const spelling of ['ctrl-c', 'control+c', 'control-c', 'ctl+c', 'ctl-c', 'c-c']) expect(keyToSequence(spelling)).toBe('\x03');
  });

  it('maps ctrl with the symbols that have control codes', () => {
    expect(keyToSequence('ctrl+@')).toBe('\x00');
    expect(keyToSequence('ctrl+space')).toBe('\x00');
    expect(keyToSequence('ctrl+[')).toBe(ESC);
    expect(keyToSequence('ctrl+\\')).toBe('\x1c');
    expect(keyToSequence('ctrl+]')).toBe('\x1d');
    expect(keyToSequence('ctrl+^')).toBe('\x1e');
    expect(keyToSequence('ctrl+_')).toBe('\x1f');
    expect(keyToSequence('ctrl+?')).toBe('\x7f');
  });

  it('prefixes ESC for alt (meta) with a character or a named key', () => {
    expect(keyToSequence('alt+b')).toBe(`${ESC}b`);
    expect(keyToSequence('alt-b')).toBe(`${ESC}b`);
    expect(keyToSequence('meta+b')).toBe(`${ESC}b`);
    expect(keyToSequence('m-b')).toBe(`${ESC}b`);
    expect(keyToSequence('alt+enter')).toBe(`${ESC}\r`);
    expect(keyToSequence('alt+up')).toBe(`${ESC}${ESC}[A`);
    expect(keyToSequence('alt+ctrl+c')).toBe(`${ESC}\x03`);
  });

  it('ignores case and surrounding spaces', () => {
    expect(keyToSequence('ENTER')).toBe('\r');
    expect(keyToSequence('Shift+Tab')).toBe(`${ESC}[Z`);
    expect(keyToSequence('Ctrl+C')).toBe('\x03');
    expect(keyToSequence('CTRL+Z')).toBe('\x1a');
    expect(keyToSequence('F12')).toBe(`${ESC}[24~`);
    expect(keyToSequence('PgDn')).toBe(`${ESC}[6~`);
    expect(keyToSequence('  tab ')).toBe('\t');
  });

  it('rejects unknown names', () => {
    for (const name of ['', ' ', 'foo', 'f0', 'f13', 'ctrl+', 'ctrl+1', 'ctrl+ab', 'ctrl+f1', 'shift+a', 'alt+', 'alt+nope', 'enter enter']) {
      expect(keyToSequence(name)).toBeUndefined();
    }
  });

  it('rejects names of Object.prototype members', () => {
    for (const name of ['constructor', '__proto__', 'hasOwnProperty', 'toString', 'valueOf', 'ctrl+constructor', 'ctrl+__proto__', 'alt+constructor']) {
      expect(keyToSequence(name)).toBeUndefined();
    }
  });
});

describe('keysToSequence', () => {
  it('concatenates the sequences in order', () => {
    expect(keysToSequence(['ctrl+c', 'up', 'enter'])).toEqual({ ok: true, data: `\x03${ESC}[A\r` });
  });

  it('returns an empty string for no keys', () => {
    expect(keysToSequence([])).toEqual({ ok: true, data: '' });
  });

  it('reports the first unknown name as given', () => {
    expect(keysToSequence(['enter', 'Bogus', 'nope'])).toEqual({ ok: false, unknown: 'Bogus' });
  });
});

describe('KEY_NAMES', () => {
  it('lists only names that map to a sequence, besides the two pattern entries', () => {
    const plain = KEY_NAMES.filter((n) => !n.includes('<'));
    expect(plain).toEqual(expect.arrayContaining(EXPECTED.map(([name]) => name)));
    for (const name of plain) expect(keyToSequence(name)).toBeDefined();
    expect(KEY_NAMES).toEqual(expect.arrayContaining(['ctrl+<a-z>', 'alt+<key>']));
  });
});
