export { buildParser, main } from './cli.js';
export { DaemonClient, SessionSocket, type LogStream, type SessionSocketHandlers, type UnixHttpTarget } from './client/index.js';
export { CliError, EXIT, UsageError } from './errors.js';
