import { request } from 'node:https';

export interface HttpsCall {
  port: number;
  /** The Host header (and TLS server name) the client claims to be talking to. */
  host: string;
  method?: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The client's own address: another loopback address looks like another machine to nginx. */
  localAddress?: string;
}

/**
 * One HTTPS request to 127.0.0.1:`port` under a chosen host name and source address, trusting any
 * certificate (the test's own self-signed one). Answers the status and body.
 */
export function httpsCall(call: HttpsCall): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
    const headers: Record<string, string | number> = { Host: `${call.host}:${call.port}`, ...call.headers };
    if (payload) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': payload.length });
    const req = request(
      {
        host: '127.0.0.1',
        port: call.port,
        servername: call.host,
        method: call.method ?? 'GET',
        path: call.path,
        headers,
        rejectUnauthorized: false,
        agent: false,
        ...(call.localAddress ? { localAddress: call.localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
