import { Agent, request, type IncomingHttpHeaders } from 'node:http';

export interface UploadAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Body bytes written before the daemon answered. */
  sent: number;
}

/**
 * POSTs `chunk` over and over until the daemon answers (or `maxBytes` have gone), the way a client
 * streaming an endless body would. With `contentLength` the header announces that size; without it the
 * body is chunked. The connection is its own and kept alive: the daemon then goes on reading (and
 * discarding) for a moment after refusing, so the answer arrives before the connection ends. With
 * `Connection: close` Node's server closes at once over unread data, and the reset can overtake the
 * answer.
 */
export function uploadUntilAnswered(
  target: { socket: string } | { port: number },
  path: string,
  options: { headers?: Record<string, string>; chunk: Buffer; maxBytes: number; contentLength?: number },
): Promise<UploadAnswer> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return new Promise<UploadAnswer>((resolveAnswer, reject) => {
    let sent = 0;
    let answered = false;
    const req = request({
      ...('socket' in target ? { socketPath: target.socket } : { host: '127.0.0.1', port: target.port }),
      agent,
      method: 'POST',
      path,
      headers: {
        'content-type': 'application/json',
        ...(options.contentLength !== undefined ? { 'content-length': String(options.contentLength) } : {}),
        ...options.headers,
      },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => {
        req.destroy();
        resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body, sent });
      });
    });
    // Once answered, the daemon may reset the connection under the rest of the upload: not a failure.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = (): void => {
      while (!answered && sent < options.maxBytes) {
        sent += options.chunk.length;
        if (!req.write(options.chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  }).finally(() => agent.destroy());
}
