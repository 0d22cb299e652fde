import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { CliError } from '../errors.js';
import type { RemoteTarget } from '../target/index.js';
import { SessionSocket } from './session-socket.js';
import { UrlTransport } from './url-transport.js';

const TOKEN = 'cpt_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

function transport(base: string, token: string): UrlTransport {
  const target: RemoteTarget = { kind: 'remote', url: new URL(base), display: base, urlSource: '--url', token, tokenSource: 'CODEPIPER_TOKEN' };
  return new UrlTransport(target);
}

/** Resolves with what `closed` reports once the connection is gone. */
function closedWith(): { handlers: Parameters<typeof SessionSocket.connect>[1]; closed: Promise<CliError | undefined> } {
  let report!: (error: CliError | undefined) => void;
  const closed = new Promise<CliError | undefined>((resolve) => (report = resolve));
  return { handlers: { message: () => undefined, frame: () => undefined, closed: (error) => report(error) }, closed };
}

describe('SessionSocket over a URL', () => {
  let server: Server;
  let wss: WebSocketServer;
  let base: string;
  const upgrades: IncomingMessage[] = [];
  const connections: WebSocket[] = [];

  beforeAll(async () => {
    // Like the daemon: a bearer token is required, and the upgrade is refused with a plain HTTP answer.
    server = createServer();
    wss = new WebSocketServer({ noServer: true });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      upgrades.push(request);
      if (request.headers.authorization !== `Bearer ${TOKEN}`) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nlog in first, or send an API token\n');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        connections.push(ws);
        wss.emit('connection', ws, request);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const ws of connections) ws.terminate();
    wss.close();
    server.close();
    await once(server, 'close');
  });

  it('opens /ws with the bearer token and no Origin header', async () => {
    const { handlers, closed } = closedWith();
    const socket = await SessionSocket.connect(transport(base, TOKEN), handlers);
    const request = upgrades.at(-1)!;
    expect(request.url).toBe('/ws');
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.headers.origin).toBeUndefined();
    socket.close();
    expect(await closed).toBeUndefined();
  });

  it('reports a refused handshake as the token message', async () => {
    const error = await SessionSocket.connect(transport(base, 'cpt_wrong'), closedWith().handlers).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toMatch(/^the daemon refused the token \(CODEPIPER_TOKEN\)/);
  });

  it('reports a connection the daemon closes with 4401 (token revoked) as the token message', async () => {
    const { handlers, closed } = closedWith();
    const accepted = once(wss, 'connection') as Promise<[WebSocket]>;
    const socket = await SessionSocket.connect(transport(base, TOKEN), handlers);
    const [serverSide] = await accepted;
    serverSide.close(4401, 'login revoked');
    const error = await closed;
    expect(error?.message).toMatch(/^the daemon refused the token/);
    socket.close();
  });
});
