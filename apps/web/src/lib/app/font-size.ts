import { FONT_SIZE_DEFAULT_DESKTOP, FONT_SIZE_DEFAULT_PHONE, FONT_SIZE_MAX, FONT_SIZE_MIN } from '../constants';

const KEY = 'codepiper.terminal-font-size';

export function clampFontSize(size: number): number {
  return Math.min(FONT_SIZE_MAX, Math.max(FONT_SIZE_MIN, Math.round(size)));
}

/** The terminal font size this browser chose last, or a default for its screen width. */
export function loadFontSize(storage: Pick<Storage, 'getItem'> | undefined, narrowScreen: boolean): number {
  const stored = Number(storage?.getItem(KEY) ?? NaN);
  if (Number.isFinite(stored) && stored > 0) return clampFontSize(stored);
  return narrowScreen ? FONT_SIZE_DEFAULT_PHONE : FONT_SIZE_DEFAULT_DESKTOP;
}

export function saveFontSize(storage: Pick<Storage, 'setItem'> | undefined, size: number): void {
  try {
    storage?.setItem(KEY, String(clampFontSize(size)));
  } catch {
    // Storage disabled: the size holds for this page only.
  }
}
