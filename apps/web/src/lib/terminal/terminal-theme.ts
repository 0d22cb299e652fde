import type { ITheme } from '@xterm/xterm';

/** Terminal colours for the dark page theme: soft contrast for long sessions, ANSI hues kept distinct. */
export const DARK_TERMINAL_THEME: ITheme = {
  background: '#111318',
  foreground: '#d8dee9',
  cursor: '#f5c542',
  cursorAccent: '#111318',
  selectionBackground: 'rgba(120, 160, 255, 0.35)',
  black: '#1c1f26',
  red: '#e5656b',
  green: '#7fc77f',
  yellow: '#e4c06a',
  blue: '#6ca7f0',
  magenta: '#c792ea',
  cyan: '#5fc6c9',
  white: '#c9ced8',
  brightBlack: '#5c6370',
  brightRed: '#ff7b81',
  brightGreen: '#9be29b',
  brightYellow: '#f3d38a',
  brightBlue: '#8fc1ff',
  brightMagenta: '#d8a9ff',
  brightCyan: '#84e0e3',
  brightWhite: '#f2f4f8',
};

/** Light counterpart: hues darkened until they read on a near-white background. */
export const LIGHT_TERMINAL_THEME: ITheme = {
  background: '#fbfbfa',
  foreground: '#1f2328',
  cursor: '#2f6feb',
  cursorAccent: '#fbfbfa',
  selectionBackground: 'rgba(47, 111, 235, 0.25)',
  black: '#24292f',
  red: '#c4302b',
  green: '#1f7a34',
  yellow: '#8a6100',
  blue: '#1f5fcc',
  magenta: '#8e3fb5',
  cyan: '#0f7a80',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#e0453f',
  brightGreen: '#2c9a49',
  brightYellow: '#a87a00',
  brightBlue: '#3b7ff0',
  brightMagenta: '#a957d1',
  brightCyan: '#1a9aa0',
  brightWhite: '#8c959f',
};

export function terminalTheme(dark: boolean): ITheme {
  return dark ? DARK_TERMINAL_THEME : LIGHT_TERMINAL_THEME;
}
