/**
 * Named keys → the bytes a terminal sends for them (xterm conventions, normal cursor mode).
 * Used by the CLI (`codepiper keys`), the HTTP API and the web key strip, so all agree.
 */
const ESC = '\x1b';

const NAMED_KEYS: Readonly<Record<string, string>> = {
  enter: '\r',
  return: '\r',
  esc: ESC,
  escape: ESC,
  tab: '\t',
  'shift+tab': `${ESC}[Z`,
  backspace: '\x7f',
  space: ' ',
  up: `${ESC}[A`,
  down: `${ESC}[B`,
  right: `${ESC}[C`,
  left: `${ESC}[D`,
  home: `${ESC}[H`,
  end: `${ESC}[F`,
  pgup: `${ESC}[5~`,
  pageup: `${ESC}[5~`,
  pgdn: `${ESC}[6~`,
  pagedown: `${ESC}[6~`,
  insert: `${ESC}[2~`,
  delete: `${ESC}[3~`,
  del: `${ESC}[3~`,
  f1: `${ESC}OP`,
  f2: `${ESC}OQ`,
  f3: `${ESC}OR`,
  f4: `${ESC}OS`,
  f5: `${ESC}[15~`,
  f6: `${ESC}[17~`,
  f7: `${ESC}[18~`,
  f8: `${ESC}[19~`,
  f9: `${ESC}[20~`,
  f10: `${ESC}[21~`,
  f11: `${ESC}[23~`,
  f12: `${ESC}[24~`,
};

/** Control characters reachable as ctrl+<key> beyond the letters. */
const CTRL_SYMBOLS: Readonly<Record<string, string>> = {
  '@': '\x00',
  space: '\x00',
  '[': ESC,
  '\\': '\x1c',
  ']': '\x1d',
  '^': '\x1e',
  _: '\x1f',
  '?': '\x7f',
};

/** The bytes for a key name such as `enter`, `ctrl+c`, `alt+b`, `shift+tab` or `f5`; undefined if unknown. */
export function keyToSequence(name: string): string | undefined {
  const key = name.trim().toLowerCase().replace(/^(?:ctrl|control|ctl)[+-]|^c-/, 'ctrl+').replace(/^(?:alt|meta)[+-]|^m-/, 'alt+');
  const named = ownValue(NAMED_KEYS, key);
  if (named !== undefined) return named;
  const ctrl = /^ctrl\+(.+)$/.exec(key);
  if (ctrl) {
    const target = ctrl[1]!;
    if (/^[a-z]$/.test(target)) return String.fromCharCode(target.charCodeAt(0) - 96);
    return ownValue(CTRL_SYMBOLS, target);
  }
  const alt = /^alt\+(.+)$/.exec(key);
  if (alt) {
    const rest = alt[1]!;
    if (rest.length === 1) return ESC + rest;
    const inner = keyToSequence(rest);
    return inner === undefined ? undefined : ESC + inner;
  }
  return undefined;
}

// The tables are object literals: without the own-property check, names such as "constructor" would
// find Object.prototype members and pass as keys.
function ownValue(table: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Every plain key name, for help texts and completion. */
export const KEY_NAMES: readonly string[] = [...Object.keys(NAMED_KEYS), 'ctrl+<a-z>', 'alt+<key>'];

/** Maps a list of key names to one string, or reports the first unknown name. */
export function keysToSequence(names: readonly string[]): { ok: true; data: string } | { ok: false; unknown: string } {
  let data = '';
  for (const name of names) {
    const seq = keyToSequence(name);
    if (seq === undefined) return { ok: false, unknown: name };
    data += seq;
  }
  return { ok: true, data };
}
