import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EXPOSITION_CONTENT_TYPE } from './exposition.js';

/** The only address the unauthenticated metrics port listens on: whoever can reach it is on this machine. */
export const METRICS_HOST = '127.0.0.1';

/**
 * `--metrics-port`: GET /metrics without authentication, on 127.0.0.1 whatever `--host` says, so a
 * local Prometheus (or node_exporter's textfile-free setups) can scrape without a token. Nothing else
 * is served there, and no request body is read.
 */
export async function startMetricsServer(port: number, render: () => string, headers: Record<string, string>): Promise<{ server: Server; address: AddressInfo }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('only /metrics is served on this port\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('use GET\n');
      return;
    }
    const body = render();
    res.writeHead(200, { ...headers, 'Content-Type': EXPOSITION_CONTENT_TYPE, 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen({ host: METRICS_HOST, port }, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  return { server, address: server.address() as AddressInfo };
}
