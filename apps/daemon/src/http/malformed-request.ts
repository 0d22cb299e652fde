import { RequestError } from '@hono/node-server';
import type { ErrorResponse } from '@codepiper/protocol';

/**
 * The answer for a request the adapter cannot even turn into a URL (a backslash in the path, a Host
 * header that is not a host) and so never reaches the app. The adapter's own answer is an empty 400
 * without the security headers; this one is the usual JSON error with them.
 */
export function malformedRequestHandler(headers: Record<string, string>): (error: unknown) => Response {
  return (error) => {
    const malformed = error instanceof RequestError;
    const body: ErrorResponse = malformed
      ? { error: { code: 'bad_request', message: 'malformed request: the path or the Host header is not valid' } }
      : { error: { code: 'internal', message: 'internal error; see the daemon log' } };
    return new Response(JSON.stringify(body), {
      status: malformed ? 400 : 500,
      headers: { ...headers, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    });
  };
}
