import { request } from 'node:http';
import { join } from 'node:path';

export interface SocketAnswer {
  status: number;
  body: string;
}

/**
 * One HTTP call over a daemon's unix socket (the local owner's door, and the one hooks use), with a
 * raw string body so tests can send what a broken or hostile hook would.
 */
export function socketCall(home: string, path: string, options: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<SocketAnswer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
    const headers: Record<string, string | number> = { Host: 'localhost', ...options.headers };
    if (body) Object.assign(headers, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    const req = request({ socketPath: join(home, 'daemon.sock'), path, method: options.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function socketJson<T>(home: string, path: string): Promise<T> {
  const answer = await socketCall(home, path);
  if (answer.status !== 200) throw new Error(`GET ${path}: HTTP ${answer.status} ${answer.body}`);
  return JSON.parse(answer.body) as T;
}
