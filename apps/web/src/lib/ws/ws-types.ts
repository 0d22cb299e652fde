import type { ClientMessage, ServerMessage, Session } from '@codepiper/protocol';
import type { Clock, SocketFactory } from './socket-edge';

/** The shapes the WebSocket client shares with the pages that use it. */

/** The daemon closes a socket with this code when its login expired or was revoked. */
export const CLOSE_UNAUTHORIZED = 4401;

export type ConnectionState =
  | { kind: 'idle' }
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open' }
  | { kind: 'waiting'; attempt: number; retryAt: number }
  | { kind: 'unauthorized' };

/**
 * A socket that never opened may mean the daemon is down or that the handshake was refused for want
 * of a login (the browser hides the HTTP status); the probe asks over HTTP which one it is.
 */
export type AuthProbe = () => Promise<'ok' | 'unauthorized' | 'unreachable'>;

export interface ControlInfo {
  controller: string | null;
  you: boolean;
  cols: number;
  rows: number;
}

export interface ExitInfo {
  status: string;
  exitCode: number | null;
  signal: string | null;
  offset: number;
}

export interface StreamHandlers {
  attached?(session: Session, offset: number): void;
  /** A snapshot: clear the terminal, then write `data`; output continues from `offset`. */
  reset(data: Uint8Array, offset: number): void;
  /** Output continuing the stream exactly at `offset`. */
  write(data: Uint8Array, offset: number): void;
  control?(info: ControlInfo): void;
  exit?(info: ExitInfo): void;
  detached?(reason: string): void;
  error?(message: string, code: string): void;
}

export type InputResult = 'sent' | 'queued' | 'refused';

export interface StreamHandle {
  readonly session: string;
  /** Offset of the next byte the terminal expects (undefined before the first snapshot). */
  readonly offset: number | undefined;
  /** One user action: sent as these messages in order, or queued whole while disconnected. */
  input(data: string | string[]): InputResult;
  /** This client's fitted size: the pty follows it while this client is in control. */
  resize(cols: number, rows: number): void;
  takeControl(cols: number, rows: number): void;
  releaseControl(): void;
  /** Flow control: every byte before `offset` has been parsed by the terminal. */
  ack(offset: number): void;
  detach(): void;
}

export type SessionFeedMessage = Extract<ServerMessage, { type: 'sessions' | 'session' | 'session-removed' }>;

/** The whole feed a `subscribe-sessions` brings: the session list and its changes, then approvals and inbox entries. */
export type FeedMessage = SessionFeedMessage | Extract<ServerMessage, { type: 'approval' | 'notification' }>;

/** What this page shows, for the daemon's "do not push to a device that is looking" rule. */
export type Presence = Omit<Extract<ClientMessage, { type: 'presence' }>, 'type'>;

export interface WsClientOptions {
  url: () => string;
  createSocket: SocketFactory;
  clock: Clock;
  random?: () => number;
  probeAuth?: AuthProbe;
  onUnauthorized?: () => void;
}
