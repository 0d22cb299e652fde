import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { LOCAL_PRINCIPAL } from '../auth/principal.js';
import { ClientConnection } from './client-connection.js';

/** A real WebSocket pair on loopback; `writes` records the server socket's writes (chunks per write). */
async function pair() {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const accepted = new Promise<{ connection: ClientConnection; writes: number[] }>((resolve) => {
    server.once('connection', (ws, request) => {
      const socket = request.socket as Socket & { _writev: (chunks: unknown[], cb: unknown) => void; _write: (...args: unknown[]) => void };
      const writes: number[] = [];
      const writev = socket._writev.bind(socket);
      const write = socket._write.bind(socket);
      socket._writev = (chunks, cb) => {
        writes.push(chunks.length);
        writev(chunks, cb);
      };
      socket._write = (...args) => {
        writes.push(1);
        write(...args);
      };
      resolve({ connection: new ClientConnection(ws, socket, LOCAL_PRINCIPAL, () => undefined), writes });
    });
  });
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: Buffer[] = [];
  client.on('message', (data) => received.push(data as Buffer));
  await new Promise((resolve) => client.once('open', resolve));
  const { connection, writes } = await accepted;
  return { server, client, connection, writes, received };
}

describe('ClientConnection', () => {
  const open: Array<{ server: WebSocketServer; client: WebSocket }> = [];
  afterEach(async () => {
    for (const { server, client } of open.splice(0)) {
      client.terminate();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('sends the frames of one tick in one write, in order', async () => {
    const p = await pair();
    open.push(p);
    p.writes.length = 0;
    const frames = [1, 2, 3].map((n) => Buffer.alloc(1000 * n, n));
    for (const frame of frames) p.connection.sendFrame(frame);
    expect(p.connection.pendingBytes).toBe(6000);
    await expect.poll(() => p.received.length).toBe(3);
    expect(p.received).toEqual(frames);
    // Each frame is a header and a payload: six chunks, one writev.
    expect(p.writes).toEqual([6]);
    expect(p.connection.pendingBytes).toBe(0);
  });

  it('sends frames of later ticks in writes of their own', async () => {
    const p = await pair();
    open.push(p);
    p.writes.length = 0;
    p.connection.sendFrame(Buffer.from('a'));
    await new Promise((resolve) => setImmediate(resolve));
    p.connection.sendFrame(Buffer.from('b'));
    await expect.poll(() => p.received.length).toBe(2);
    expect(p.received.map(String)).toEqual(['a', 'b']);
    expect(p.writes.length).toBe(2);
  });
});
