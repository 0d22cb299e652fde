export { attachInteractive } from './interactive.js';
export { followSession } from './follow.js';
export { DETACH_KEY_NAME } from './terminal-modes.js';
