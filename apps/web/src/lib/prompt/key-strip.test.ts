import { describe, expect, it } from 'vitest';
import { keyToSequence } from '@codepiper/protocol';
import { STRIP_KEYS, stripKeyData } from './key-strip';

describe('key strip', () => {
  it('has the keys a phone lacks: Esc, Tab, Shift-Tab, Ctrl-C, arrows, Enter and /', () => {
    expect(STRIP_KEYS.map((k) => k.name)).toEqual(['esc', 'tab', 'shift+tab', 'ctrl+c', 'left', 'up', 'down', 'right', 'enter', '/']);
  });

  it('sends the same bytes as the protocol for named keys', () => {
    expect(stripKeyData('esc')).toBe('\x1b');
    expect(stripKeyData('shift+tab')).toBe('\x1b[Z');
    expect(stripKeyData('ctrl+c')).toBe('\x03');
    expect(stripKeyData('up')).toBe(keyToSequence('up'));
    expect(stripKeyData('enter')).toBe('\r');
  });

  it('sends a printable key as itself and refuses unknown names', () => {
    expect(stripKeyData('/')).toBe('/');
    expect(() => stripKeyData('hyper+q')).toThrow(RangeError);
  });

  it('gives every key a visible label and an accessible name', () => {
    for (const key of STRIP_KEYS) {
      expect(key.label.length).toBeGreaterThan(0);
      expect(key.title.length).toBeGreaterThan(1);
    }
  });
});
