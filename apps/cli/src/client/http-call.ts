import type { IncomingMessage, request as httpRequest, RequestOptions } from 'node:http';
import { CliError, fromDaemonResponse, timeoutError } from '../errors.js';
import type { HttpCall, Transport } from './transport.js';

/** node:http's or node:https's `request`, and where it connects (a socket path, or a host and port). */
export interface RequestRoute {
  request: typeof httpRequest;
  options: RequestOptions;
}

/**
 * Sends one request and resolves with the response once its headers arrive. A fresh connection per
 * request (no agent, no keep-alive): the CLI makes a handful of calls and must never keep the process
 * alive with an idle socket. Non-2xx answers are read and rejected through the transport's mapping.
 */
export function sendRequest(route: RequestRoute, call: HttpCall, transport: Pick<Transport, 'label' | 'connectionError' | 'responseError'>): Promise<IncomingMessage> {
  return new Promise((resolveResponse, reject) => {
    const payload = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body), 'utf8');
    const headers: Record<string, string | number> = { ...(route.options.headers as Record<string, string> | undefined), Connection: 'close', Accept: 'application/json' };
    if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = payload.length;
    }
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      reject(transport.connectionError(error));
    };
    let req: ReturnType<typeof httpRequest>;
    try {
      // With a createConnection of the route's own, node:http needs no Agent; else a private one.
      const agent = route.options.createConnection ? undefined : false;
      req = route.request({ ...route.options, method: call.method, path: call.path, headers, agent }, (res) => {
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
          reject(transport.responseError(status, Buffer.concat(chunks).toString('utf8'), call.hints));
        });
      });
    } catch (error) {
      // Thrown synchronously for what cannot even be sent (a header node refuses).
      fail(error);
      return;
    }
    req.setTimeout(call.timeoutMs, () => {
      const error = timeoutError(transport.label, call.timeoutMs);
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
export async function requestJson<T>(transport: Transport, call: HttpCall): Promise<T> {
  const res = await transport.open(call);
  const text = await readBody(res, call.timeoutMs, transport.label);
  if (res.statusCode === 204) return undefined as T;
  // Every other answer of the daemon has a JSON body: an empty one means something else answered
  // (a proxy or web server serving another name), which must not surface as a crash later on.
  if (text.length === 0) throw new CliError(`${transport.label} answered HTTP ${res.statusCode ?? 0} with an empty body: is it a CodePiper daemon?`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw fromDaemonResponse(res.statusCode ?? 0, text);
  }
}

function readBody(res: IncomingMessage, timeoutMs: number, label: string): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    res.setTimeout(timeoutMs, () => res.destroy(timeoutError(label, timeoutMs)));
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}
