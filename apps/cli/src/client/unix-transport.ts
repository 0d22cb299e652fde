import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createConnection } from 'node:net';
import { fromDaemonResponse, fromSocketError, type CliError, type CodeHints } from '../errors.js';
import { sendRequest } from './http-call.js';
import type { HttpCall, Transport, WebSocketTarget } from './transport.js';

/**
 * The daemon's unix socket: whoever can open it is the owner, so no credential travels. Errors name
 * the socket and how to start a daemon on it.
 */
export class UnixTransport implements Transport {
  readonly kind = 'local';
  readonly label = 'the daemon';

  constructor(
    readonly socketPath: string,
    /** The `--home` the user gave, repeated in the "start a daemon" hint. */
    readonly homeOption?: string,
  ) {}

  open(call: HttpCall): Promise<IncomingMessage> {
    // Connecting ourselves keeps node:http from using an Agent, whose host-name check compiles an
    // IPv6 regular expression that costs a short command a few milliseconds of start-up.
    return sendRequest({ request: httpRequest, options: { socketPath: this.socketPath, createConnection: () => createConnection(this.socketPath) } }, call, this);
  }

  webSocket(): WebSocketTarget {
    return { address: `ws+unix://${this.socketPath}:/ws`, options: {} };
  }

  connectionError(error: unknown): CliError {
    return fromSocketError(error, this.socketPath, this.homeOption);
  }

  responseError(status: number, body: string, hints?: CodeHints): CliError {
    return fromDaemonResponse(status, body, hints);
  }
}
