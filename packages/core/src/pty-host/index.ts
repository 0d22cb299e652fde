/**
 * The pty host: a separate long-lived process that owns every node-pty (main.ts, pty-host-server.ts) and the
 * daemon's client for it. Only the client and its types are public.
 */
export {
  PtyHostClient,
  type PtyHostConnectOptions,
  type PtySpawnOptions,
  type HostExitInfo,
  type HostSnapshot,
  type PtyHostClientEvents,
} from './client.js';
export type { HostSession } from './pty-session.js';
export { PTY_HOST_PROTOCOL_VERSION } from './wire.js';
