import type { IncomingMessage } from 'node:http';
import type { ClientOptions } from 'ws';
import type { CliError, CodeHints } from '../errors.js';

/** One call of the daemon's HTTP API, whichever way it travels. */
export interface HttpCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** The route, `/api/…`; a transport may put a prefix before it (a daemon behind a proxy path). */
  path: string;
  body?: unknown;
  /** The longest silence accepted from the daemon (for a JSON call, in effect the bound on the whole call). */
  timeoutMs: number;
  /** Replaces the generic hint of an error code for this route. */
  hints?: CodeHints;
  /** A route anyone may call (health, auth status): sent even when remote mode has no token to send. */
  anonymous?: boolean;
}

/** Where and how to open the daemon's WebSocket. */
export interface WebSocketTarget {
  address: string;
  options: ClientOptions;
}

/**
 * How the CLI reaches its daemon: the unix socket (the owner's own authority, no credentials) or an
 * http(s) URL with an API token. Commands and streams see only this interface, so every command
 * works both ways.
 */
export interface Transport {
  readonly kind: 'local' | 'remote';
  /** How messages name the daemon: "the daemon", or "the daemon at <url>" when it is remote. */
  readonly label: string;
  /** Sends one request and resolves once a 2xx answer's headers arrive; anything else rejects as a CliError. */
  open(call: HttpCall): Promise<IncomingMessage>;
  webSocket(): WebSocketTarget;
  /** A connection that could not be made or broke (HTTP or WebSocket), as one actionable line. */
  connectionError(error: unknown): CliError;
  /** A refused answer: the status and body of a non-2xx response or WebSocket handshake. */
  responseError(status: number, body: string, hints?: CodeHints): CliError;
}
