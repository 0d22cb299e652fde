import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Refuses request bodies over `maxSize` with 413. A body announced by Content-Length is judged by
 * the header alone: hono's bodyLimit opens the body stream even then, and a body opened but never
 * read (a 404, a failed query check) can only be discarded by the adapter dropping the connection
 * half a second later, under a client that was told keep-alive. Chunked bodies are counted as they
 * are read.
 */
export function limitBody(maxSize: number): MiddlewareHandler {
  const tooLarge = (c: Context) => c.json({ error: { code: 'payload_too_large', message: `request body is larger than ${maxSize} bytes` } }, 413);
  const counting = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number(length) > maxSize ? tooLarge(c) : next();
    }
    return counting(c, next);
  };
}
