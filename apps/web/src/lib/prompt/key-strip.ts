import { keyToSequence } from '@codepiper/protocol';

export interface StripKey {
  /** Name as the protocol knows it (keyToSequence), or the literal character for printable keys. */
  name: string;
  label: string;
  /** Accessible name: what a screen reader announces for the button. */
  title: string;
}

/**
 * The keys a phone keyboard lacks but agents and shells need, in the order of the strip. `/` is here
 * because Claude Code and Codex open their command menus with it, and reaching it costs two taps on
 * most phone keyboards.
 */
export const STRIP_KEYS: readonly StripKey[] = [
  { name: 'esc', label: 'Esc', title: 'Escape' },
  { name: 'tab', label: 'Tab', title: 'Tab' },
  { name: 'shift+tab', label: '⇧Tab', title: 'Shift+Tab' },
  { name: 'ctrl+c', label: '^C', title: 'Control+C' },
  { name: 'left', label: '←', title: 'Left arrow' },
  { name: 'up', label: '↑', title: 'Up arrow' },
  { name: 'down', label: '↓', title: 'Down arrow' },
  { name: 'right', label: '→', title: 'Right arrow' },
  { name: 'enter', label: '⏎', title: 'Enter' },
  { name: '/', label: '/', title: 'Slash' },
];

/** The bytes a strip key sends: the protocol's sequence for named keys, the character itself otherwise. */
export function stripKeyData(name: string): string {
  const sequence = keyToSequence(name);
  if (sequence !== undefined) return sequence;
  if ([...name].length === 1) return name;
  throw new RangeError(`no key named ${name}`);
}
