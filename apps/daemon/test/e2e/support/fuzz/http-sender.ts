import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { FuzzRequest } from './http-requests.js';

export interface FuzzAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface FuzzCredentials {
  token: string;
  cookie: string;
  origin: string;
}

/**
 * Sends fuzzed requests over kept-alive connections (one pool for the unix socket, one for the web
 * port), so thousands of requests cost no connection set-up. A request that gets no answer within
 * `timeoutMs` fails as a hang.
 */
export class FuzzSender {
  private readonly tcp = new Agent({ keepAlive: true, maxSockets: 8 });
  private readonly unix = new Agent({ keepAlive: true, maxSockets: 8 });

  constructor(
    private readonly daemon: { socket: string; webPort: number },
    private readonly credentials: FuzzCredentials,
    private readonly timeoutMs = 15_000,
  ) {}

  send(fuzz: FuzzRequest): Promise<FuzzAnswer> {
    const headers: Record<string, string> = {};
    if (fuzz.contentType !== undefined) headers['content-type'] = fuzz.contentType;
    if (fuzz.target === 'web' && fuzz.auth === 'token') headers.authorization = `Bearer ${this.credentials.token}`;
    if (fuzz.target === 'web' && fuzz.auth === 'cookie') Object.assign(headers, { cookie: this.credentials.cookie, origin: this.credentials.origin });
    // Node frames DELETE and OPTIONS bodies neither chunked nor with a length unless told the length;
    // the daemon would then read the body as the next request.
    if (fuzz.body !== undefined) headers['content-length'] = String(fuzz.body.length);
    // An oversize body gets a kept-alive connection of its own: the daemon reads on for a moment
    // after refusing it and then drops that connection, which must not be one the pool reuses.
    const own = fuzz.oversize ? new Agent({ keepAlive: true, maxSockets: 1 }) : undefined;
    const where =
      fuzz.target === 'socket'
        ? { socketPath: this.daemon.socket, agent: own ?? this.unix }
        : { host: '127.0.0.1', port: this.daemon.webPort, agent: own ?? this.tcp };
    return new Promise<FuzzAnswer>((resolveAnswer, reject) => {
      let answered = false;
      const req = request({ ...where, method: fuzz.method, path: fuzz.path, headers }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
      req.end(fuzz.body);
    }).finally(() => own?.destroy());
  }

  close(): void {
    this.tcp.destroy();
    this.unix.destroy();
  }
}
