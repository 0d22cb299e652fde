export { startDaemon, type DaemonOptions, type RunningDaemon } from './start-daemon.js';
export { daemonVersion } from './version.js';
export { isLoopbackHost } from './loopback.js';
