export { cleanLogLine } from './clean-line.js';
export { LogTextFilter } from './log-text-filter.js';
export { TailBuffer, tailLines } from './tail.js';
