import v8 from 'node:v8';
import { HEAP_GROWING_PERCENT } from './constants.js';

/**
 * Sets V8's old-generation growth for a long-running process that streams output (the daemon, the
 * pty host): see HEAP_GROWING_PERCENT. V8 reads the flag each time it sets the next limit, so it takes
 * effect from the next full GC on, even though the process is already running.
 */
export function tuneHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
