import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { ClientMessageSchema, decodeFrame, LIMITS, PROTOCOL_VERSION, type ClientMessage } from '@codepiper/protocol';
import { CLIENT_TIMEOUT_MS, PING_INTERVAL_MS } from '../constants.js';
import { describeZodIssues, toErrorResponse } from '../errors.js';
import type { Principal } from '../auth/index.js';
import { DaemonError } from '../errors.js';
import type { SessionHub } from '../session-hub/index.js';
import { ClientConnection } from './client-connection.js';

export interface WsGatewayOptions {
  hub: SessionHub;
  version: string;
  log: (message: string) => void;
  /** Returns a check of whether principals authenticated earlier are still valid (run once per ping round). */
  validator: () => (principal: Principal) => boolean;
  /** Where `presence` messages go (what each connection shows), and their end when it closes. */
  presence?: {
    update(clientId: string, state: { session: string | null; visible: boolean; endpoint?: string | undefined }): void;
    drop(clientId: string): void;
  };
}

/** Messages a read-only client may not send: they would type into or resize someone's session. */
const WRITE_MESSAGES = new Set(['input', 'take-control', 'resize']);

/**
 * Accepts WebSocket upgrades from every listener (unix socket, web port, dedicated ws port) and turns
 * client messages into hub calls. Output is never compressed (permessage-deflate costs ~20× in
 * throughput on terminal output) and incoming messages are bounded by the protocol's limit.
 */
export class WsGateway {
  private readonly server = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: LIMITS.maxWsMessageBytes });
  private readonly clients = new Set<ClientConnection>();
  private readonly pinger: NodeJS.Timeout;

  constructor(private readonly options: WsGatewayOptions) {
    // One timer for all clients (not one per client or session): idle daemons stay idle.
    this.pinger = setInterval(() => this.pingAll(), PING_INTERVAL_MS);
    this.pinger.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, principal: Principal): void {
    this.server.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws, socket, principal));
  }

  /** Closes the connections of principals that were just revoked (logout, revoke, password change). */
  disconnect(match: (principal: Principal) => boolean): void {
    for (const client of this.clients) if (match(client.principal)) client.close(4401, 'credentials revoked');
  }

  close(): void {
    clearInterval(this.pinger);
    for (const client of this.clients) client.close(1001, 'daemon shutting down');
    this.server.close();
  }

  private onConnection(ws: WebSocket, socket: Duplex, principal: Principal): void {
    const client = new ClientConnection(ws, socket, principal, (c) => this.options.hub.streams.clientDrained(c));
    this.clients.add(client);
    ws.on('message', (data, isBinary) => {
      client.lastSeen = Date.now();
      void this.onMessage(client, data, isBinary);
    });
    ws.on('close', () => {
      this.clients.delete(client);
      this.options.hub.streams.clientGone(client);
      this.options.presence?.drop(client.id);
    });
    ws.on('error', (error) => this.options.log(`websocket client ${client.id}: ${error.message}`));
    client.sendJson({ type: 'hello', clientId: client.id, version: `${this.options.version} (protocol ${PROTOCOL_VERSION})` });
  }

  private async onMessage(client: ClientConnection, data: RawData, isBinary: boolean): Promise<void> {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    let message: ClientMessage | undefined;
    try {
      if (isBinary) {
        if (client.principal.readOnly) throw new DaemonError('forbidden', 'this API token is read-only');
        const frame = decodeFrame(buffer);
        if (frame.kind !== 'input') throw new RangeError('clients may only send input frames');
        this.options.hub.clientInput(client, frame.sessionId, frame.payload);
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(buffer.toString('utf8'));
      } catch {
        client.sendJson({ type: 'error', code: 'bad_request', message: 'message is not valid JSON' });
        return;
      }
      const parsed = ClientMessageSchema.safeParse(json);
      if (!parsed.success) {
        client.sendJson({ type: 'error', code: 'bad_request', message: `invalid message: ${describeZodIssues(parsed.error.issues)}` });
        return;
      }
      message = parsed.data;
      if (client.principal.readOnly && WRITE_MESSAGES.has(message.type)) throw new DaemonError('forbidden', 'this API token is read-only');
      await this.dispatch(client, message);
    } catch (error) {
      if (error instanceof RangeError) {
        client.sendJson({ type: 'error', code: 'bad_request', message: `invalid frame: ${error.message}` });
        return;
      }
      const { body } = toErrorResponse(error, this.options.log);
      const session = message && 'session' in message ? message.session : undefined;
      client.sendJson({ type: 'error', ...body.error, ...(session ? { session } : {}) });
    }
  }

  private async dispatch(client: ClientConnection, message: ClientMessage): Promise<void> {
    const hub = this.options.hub;
    switch (message.type) {
      case 'subscribe-sessions':
        return hub.subscribeList(client);
      case 'unsubscribe-sessions':
        return hub.streams.unsubscribeList(client);
      case 'attach':
        return hub.streams.attach(client, message.session, client.principal.readOnly ? { ...message, readOnly: true, control: false } : message);
      case 'detach':
        return hub.streams.detach(client, message.session);
      case 'input':
        return hub.clientInput(client, message.session, message.data);
      case 'resize':
        return hub.streams.clientResize(client, message.session, message.cols, message.rows);
      case 'take-control':
        return hub.streams.takeControl(client, message.session, message.cols, message.rows);
      case 'release-control':
        return hub.streams.releaseControl(client, message.session);
      case 'ack':
        return hub.streams.ack(client, message.session, message.offset);
      case 'ping':
        return client.sendJson({ type: 'pong', ...(message.t !== undefined ? { t: message.t } : {}) });
      case 'pong':
        return;
      case 'presence':
        return this.options.presence?.update(client.id, message);
    }
  }

  private pingAll(): void {
    const now = Date.now();
    const stillValid = this.clients.size > 0 ? this.options.validator() : () => true;
    for (const client of this.clients) {
      if (now - client.lastSeen > CLIENT_TIMEOUT_MS) client.terminate();
      else if (!stillValid(client.principal)) client.close(4401, 'credentials expired or revoked');
      else client.sendJson({ type: 'ping', t: now });
    }
  }
}
