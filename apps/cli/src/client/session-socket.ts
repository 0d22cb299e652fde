import type { ClientMessage, decodeFrame, encodeFrame, Frame, ServerMessage } from '@codepiper/protocol';
import type { WebSocket } from 'ws';
import { WS_HANDSHAKE_TIMEOUT_MS } from '../constants.js';
import { CliError, fromSocketError } from '../errors.js';
import type { UnixHttpTarget } from './unix-http.js';

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
 * The daemon's WebSocket over the unix socket (`ws+unix://<sock>:/ws`). `ws` and the frame codec are
 * loaded only when a command streams, which keeps the other commands' start-up short.
 */
export class SessionSocket {
  private closing = false;

  private constructor(
    private readonly ws: WebSocket,
    private readonly codec: Codec,
  ) {}

  static async connect(target: UnixHttpTarget, handlers: SessionSocketHandlers): Promise<SessionSocket> {
    const [{ WebSocket: WebSocketClass }, codec] = await Promise.all([import('ws'), import('@codepiper/protocol')]);
    // No compression: terminal output is sent as it comes and deflate would only cost CPU on both ends.
    const ws = new WebSocketClass(`ws+unix://${target.socketPath}:/ws`, { perMessageDeflate: false, handshakeTimeout: WS_HANDSHAKE_TIMEOUT_MS });
    const socket = new SessionSocket(ws, codec);
    await new Promise<void>((resolveOpen, reject) => {
      const onError = (error: Error): void => {
        ws.off('open', onOpen);
        reject(fromSocketError(error, target.socketPath, target.homeOption));
      };
      const onOpen = (): void => {
        ws.off('error', onError);
        resolveOpen();
      };
      ws.once('error', onError);
      ws.once('open', onOpen);
    });
    socket.listen(target, handlers);
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

  private listen(target: UnixHttpTarget, handlers: SessionSocketHandlers): void {
    let lastError: Error | undefined;
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
    this.ws.on('error', (error) => {
      lastError = error;
    });
    this.ws.on('close', (code, reason) => {
      if (this.closing) {
        handlers.closed(undefined);
        return;
      }
      if (lastError) {
        handlers.closed(fromSocketError(lastError, target.socketPath, target.homeOption));
        return;
      }
      const why = reason.toString('utf8');
      handlers.closed(new CliError(`the daemon closed the connection${why ? ` (${why})` : code === 1006 ? ' unexpectedly' : ''}`));
    });
  }
}
