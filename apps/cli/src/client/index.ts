export { DaemonClient, type LogStream } from './daemon-client.js';
export { SessionSocket, type SessionSocketHandlers } from './session-socket.js';
export type { UnixHttpTarget } from './unix-http.js';
