export { buildParser, main } from './cli.js';
export {
  AuthApi,
  DaemonClient,
  SessionSocket,
  UnixTransport,
  UrlTransport,
  type HttpCall,
  type LogStream,
  type SessionSocketHandlers,
  type Transport,
  type WebSocketTarget,
} from './client/index.js';
export { CliError, EXIT, UsageError } from './errors.js';
export { resolveTarget, type DaemonTarget, type LocalTarget, type RemoteTarget } from './target/index.js';
