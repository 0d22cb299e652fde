import { request, type IncomingMessage } from 'node:http';
import { fromDaemonResponse, fromSocketError, timeoutError } from '../errors.js';

export interface UnixHttpTarget {
  socketPath: string;
  /** The `--home` the user gave, repeated in the "start a daemon" hint. */
  homeOption?: string;
}

export interface UnixHttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  /** The longest silence accepted from the daemon (for a JSON call, in effect the bound on the whole call). */
  timeoutMs: number;
}

/**
 * Sends one request over the daemon's unix socket and resolves with the response once its headers
 * arrive. A fresh connection per request (no agent, no keep-alive): the CLI makes a handful of calls
 * and must never keep the process alive with an idle socket. Non-2xx answers are read and rejected as
 * a CliError carrying the daemon's message.
 */
export function openRequest(target: UnixHttpTarget, spec: UnixHttpRequest): Promise<IncomingMessage> {
  return new Promise((resolveResponse, reject) => {
    const payload = spec.body === undefined ? undefined : Buffer.from(JSON.stringify(spec.body), 'utf8');
    const headers: Record<string, string | number> = { Connection: 'close', Accept: 'application/json' };
    if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = payload.length;
    }
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      reject(fromSocketError(error, target.socketPath, target.homeOption));
    };
    const req = request({ socketPath: target.socketPath, method: spec.method, path: spec.path, headers, agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        settled = true;
        // The bound was on the daemon's answer; from here the caller reads at its own pace (a log
        // piped into a pager may sit unread for minutes) and sets its own bound if it wants one.
        req.setTimeout(0);
        resolveResponse(res);
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        if (settled) return;
        settled = true;
        reject(fromDaemonResponse(status, Buffer.concat(chunks).toString('utf8')));
      });
    });
    req.setTimeout(spec.timeoutMs, () => {
      const error = timeoutError('the daemon', spec.timeoutMs);
      if (!settled) {
        settled = true;
        reject(error);
      }
      req.destroy(error);
    });
    req.on('error', fail);
    req.end(payload);
  });
}

/** A JSON call: the parsed body of a 2xx answer (undefined for 204). */
export async function requestJson<T>(target: UnixHttpTarget, spec: UnixHttpRequest): Promise<T> {
  const res = await openRequest(target, spec);
  const text = await readBody(res, spec.timeoutMs);
  if (res.statusCode === 204 || text.length === 0) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw fromDaemonResponse(res.statusCode ?? 0, text);
  }
}

function readBody(res: IncomingMessage, timeoutMs: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    res.setTimeout(timeoutMs, () => res.destroy(timeoutError('the daemon', timeoutMs)));
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}
