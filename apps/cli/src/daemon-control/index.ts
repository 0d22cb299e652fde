export { startDetachedDaemon, type DetachOptions } from './detach.js';
export { isProcessAlive, pollUntil } from './poll.js';
