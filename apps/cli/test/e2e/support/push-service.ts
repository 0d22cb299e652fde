import { createECDH, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/** A stand-in push service on https://127.0.0.1:<port>: `/gone/…` answers 410, anything else 201. */
export interface PushService {
  origin: string;
  /** Paths that received a push, in order. */
  paths: string[];
  stop(): Promise<void>;
}

export async function startPushService(cert: { certPath: string; keyPath: string }): Promise<PushService> {
  const paths: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer({ cert: readFileSync(cert.certPath), key: readFileSync(cert.keyPath) }, (req, res) => {
    req.resume();
    req.on('end', () => {
      paths.push(req.url ?? '/');
      res.writeHead(req.url?.startsWith('/gone/') ? 410 : 201);
      res.end();
    });
  });
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * Registers a browser subscription with the daemon over its unix socket, the way the dashboard's
 * POST /api/push/subscriptions does, with fresh P-256 keys. Returns the device id.
 */
export async function subscribeDevice(home: string, endpoint: string, name: string): Promise<string> {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const body = JSON.stringify({ endpoint, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') }, name });
  const answer = await new Promise<{ status: number; text: string }>((resolveAnswer, reject) => {
    const req = request(
      { socketPath: `${home}/daemon.sock`, method: 'POST', path: '/api/push/subscriptions', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
  if (answer.status !== 201) throw new Error(`subscribing failed: ${answer.status} ${answer.text}`);
  return (JSON.parse(answer.text) as { device: { id: string } }).device.id;
}
