export { formatTable, truncateEnd, truncateStart } from './table.js';
export { formatAge, formatSessionTable, formatStatus, sessionRow, tildePath } from './session-table.js';
export { printJson, printLine, printSession } from './output.js';
export { formatDaemonStarted, formatDaemonStatus, webUrl, wsUrl } from './daemon-status.js';
