import type { IncomingMessage } from 'node:http';
import type { ClientMessage, decodeFrame, encodeFrame, Frame, ServerMessage } from '@codepiper/protocol';
import type { WebSocket } from 'ws';
import { WS_HANDSHAKE_TIMEOUT_MS, WS_REVOKED_CLOSE_CODE } from '../constants.js';
import { CliError } from '../errors.js';
import type { Transport } from './transport.js';

export interface SessionSocketHandlers {
  /** Every JSON message except ping/pong, which the socket answers itself. */
  message(message: ServerMessage): void;
  /** Binary output and snapshot frames, decoded. */
  frame(frame: Frame): void;
  /** The connection is gone: `error` is set unless this side closed it. */
  closed(error: CliError | undefined): void;
}

interface Codec {
  decodeFrame: typeof decodeFrame;
  encodeFrame: typeof encodeFrame;
}

/**
 * The daemon's WebSocket, at the address the transport names (`ws+unix://<sock>:/ws`, or
 * `ws(s)://host:port/ws` with the bearer token). `ws` and the frame codec are loaded only when a
 * command streams, which keeps the other commands' start-up short.
 */
export class SessionSocket {
  private closing = false;
  /** The last error the socket reported; `close` follows it, and that is where it is reported. */
  private lastError: Error | undefined;

  private constructor(
    private readonly ws: WebSocket,
    private readonly codec: Codec,
    private readonly transport: Transport,
  ) {
    // Always listening: a socket that fails while closing emits an error nobody else waits for.
    ws.on('error', (error) => {
      this.lastError = error;
    });
  }

  static async connect(transport: Transport, handlers: SessionSocketHandlers): Promise<SessionSocket> {
    const target = transport.webSocket();
    const [{ WebSocket: WebSocketClass }, codec] = await Promise.all([import('ws'), import('@codepiper/protocol')]);
    // No compression: terminal output is sent as it comes and deflate would only cost CPU on both ends.
    const ws = new WebSocketClass(target.address, { ...target.options, perMessageDeflate: false, handshakeTimeout: WS_HANDSHAKE_TIMEOUT_MS });
    const socket = new SessionSocket(ws, codec, transport);
    await new Promise<void>((resolveOpen, reject) => {
      let settled = false;
      const settle = (error?: CliError): void => {
        if (settled) return;
        settled = true;
        ws.off('open', onOpen);
        ws.off('error', onError);
        ws.off('unexpected-response', onRefused);
        if (error) reject(error);
        else resolveOpen();
      };
      const onOpen = (): void => settle();
      const onError = (error: Error): void => settle(transport.connectionError(error));
      // A refused handshake (401 for a bad token, 403, 421…): read the daemon's reason, then drop the attempt.
      const onRefused = (_request: unknown, response: IncomingMessage): void => {
        const chunks: Buffer[] = [];
        const done = (): void => {
          settle(transport.responseError(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
          ws.terminate();
        };
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', done);
        response.on('error', done);
      };
      ws.on('error', onError);
      ws.once('open', onOpen);
      ws.once('unexpected-response', onRefused);
    });
    socket.listen(handlers);
    return socket;
  }

  send(message: ClientMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  /** Raw bytes as typed, in a binary input frame: no UTF-8 round trip, so any byte reaches the pty. */
  sendInput(sessionId: string, data: Uint8Array): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(this.codec.encodeFrame('input', sessionId, 0, data), { binary: true });
  }

  /** Stops reading from the daemon (backpressure): the daemon then holds or drops this client's output. */
  pause(): void {
    this.ws.pause();
  }

  resume(): void {
    this.ws.resume();
  }

  close(): void {
    this.closing = true;
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(1000, 'client done');
  }

  private listen(handlers: SessionSocketHandlers): void {
    this.ws.on('message', (data, isBinary) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      if (isBinary) {
        let frame: Frame;
        try {
          frame = this.codec.decodeFrame(bytes);
        } catch {
          return; // a frame kind this CLI does not know: newer daemon, nothing to show
        }
        handlers.frame(frame);
        return;
      }
      let message: ServerMessage;
      try {
        message = JSON.parse(bytes.toString('utf8')) as ServerMessage;
      } catch {
        return;
      }
      if (message.type === 'ping') {
        this.send(message.t === undefined ? { type: 'pong' } : { type: 'pong', t: message.t });
        return;
      }
      if (message.type === 'pong') return;
      handlers.message(message);
    });
    this.ws.on('close', (code, reason) => {
      if (this.closing) {
        handlers.closed(undefined);
        return;
      }
      if (this.lastError) {
        handlers.closed(this.transport.connectionError(this.lastError));
        return;
      }
      // The daemon closes with 4401 (HTTP 401's twin) when the login or token behind the connection is revoked.
      if (code === WS_REVOKED_CLOSE_CODE) {
        handlers.closed(this.transport.responseError(401, ''));
        return;
      }
      const why = reason.toString('utf8');
      handlers.closed(new CliError(`the daemon closed the connection${why ? ` (${why})` : code === 1006 ? ' unexpectedly' : ''}`));
    });
  }
}
