export { AgentsApi, type ApprovalQuery } from './agents-api.js';
export { AuthApi, type AuditQuery, type AuthStatus, type RevokedLogins, type TotpEnrolment } from './auth-api.js';
export { DaemonClient, type LogStream } from './daemon-client.js';
export { PolicyApi } from './policy-api.js';
export { SessionSocket, type SessionSocketHandlers } from './session-socket.js';
export type { HttpCall, Transport, WebSocketTarget } from './transport.js';
export { UnixTransport } from './unix-transport.js';
export { UrlTransport } from './url-transport.js';
export { UsageApi, type UsageApiQuery } from './usage-api.js';
