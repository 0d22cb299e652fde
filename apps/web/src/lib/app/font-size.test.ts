import { describe, expect, it } from 'vitest';
import { FONT_SIZE_DEFAULT_DESKTOP, FONT_SIZE_DEFAULT_PHONE, FONT_SIZE_MAX, FONT_SIZE_MIN } from '../constants';
import { clampFontSize, loadFontSize, saveFontSize } from './font-size';

describe('terminal font size', () => {
  it('defaults by screen width and remembers the chosen size', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    expect(loadFontSize(storage, true)).toBe(FONT_SIZE_DEFAULT_PHONE);
    expect(loadFontSize(storage, false)).toBe(FONT_SIZE_DEFAULT_DESKTOP);
    saveFontSize(storage, 17);
    expect(loadFontSize(storage, true)).toBe(17);
  });

  it('stays within the readable range', () => {
    expect(clampFontSize(2)).toBe(FONT_SIZE_MIN);
    expect(clampFontSize(99)).toBe(FONT_SIZE_MAX);
    expect(loadFontSize({ getItem: () => 'junk' }, false)).toBe(FONT_SIZE_DEFAULT_DESKTOP);
  });
});
