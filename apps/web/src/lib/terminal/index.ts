// This folder pulls in xterm.js: import it only with a dynamic import() from the session view, so the
// dashboard's first load stays small.
export { AckTracker } from './ack-tracker';
export { TerminalView, type TerminalViewOptions } from './terminal-view';
export { viewerScale, type Box } from './viewer-fit';
export { terminalTheme } from './terminal-theme';
