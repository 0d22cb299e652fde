import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { createServer, type TLSSocket } from 'node:tls';

export const OPENSSL = '/usr/bin/openssl';

export function opensslAvailable(): boolean {
  return existsSync(OPENSSL);
}

/**
 * A self-signed certificate for 127.0.0.1 in `dir` (cert.pem, key.pem), made for this test run only:
 * what an owner would put in front of the daemon on a home server, and what NODE_EXTRA_CA_CERTS trusts.
 */
export function makeSelfSignedCert(dir: string): { certPath: string; keyPath: string } {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  execFileSync(OPENSSL, [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', keyPath, '-out', certPath,
  ], { stdio: 'ignore' });
  return { certPath, keyPath };
}

export interface TlsProxy {
  url: string;
  stop(): Promise<void>;
}

/**
 * HTTPS in front of the daemon's plain HTTP port, the way a reverse proxy terminates TLS: each TLS
 * connection is piped byte for byte to the daemon, so HTTP and WebSocket upgrades pass unchanged.
 */
export async function startTlsProxy(targetPort: number, cert: { certPath: string; keyPath: string }): Promise<TlsProxy> {
  const sockets = new Set<Socket | TLSSocket>();
  const server = createServer({ cert: readFileSync(cert.certPath), key: readFileSync(cert.keyPath) }, (client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  server.on('tlsClientError', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
