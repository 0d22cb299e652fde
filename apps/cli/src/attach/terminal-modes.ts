const ESC = '\x1b';

/** The Ctrl-] byte: detaches an interactive attach, as in telnet and docker attach. */
export const DETACH_BYTE = 0x1d;
export const DETACH_KEY_NAME = 'Ctrl-]';

/** Switch to the alternate screen and clear it, so the user's scrollback is untouched by the session. */
export const ENTER_SCREEN = `${ESC}[?1049h${ESC}[H${ESC}[2J`;

/** Before drawing a snapshot: attributes off, cursor home, screen cleared. */
export const CLEAR_FOR_SNAPSHOT = `${ESC}[0m${ESC}[H${ESC}[2J`;

/**
 * Undo whatever the session may have switched on in the user's terminal (mouse reporting, bracketed
 * paste, application cursor keys and keypad, focus events, a hidden cursor, colours) and return to the
 * normal screen, so that detaching from a TUI never leaves the shell in a strange state.
 */
export const LEAVE_SCREEN = [
  `${ESC}[0m`,
  `${ESC}[?1000l${ESC}[?1002l${ESC}[?1003l${ESC}[?1006l${ESC}[?1015l`,
  `${ESC}[?2004l`,
  `${ESC}[?1004l`,
  `${ESC}[?1l${ESC}>`,
  `${ESC}[?25h`,
  `${ESC}[?1049l`,
].join('');
