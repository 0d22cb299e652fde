import { ErrorResponseSchema } from '@codepiper/protocol';
import { INTERNALS } from '../clean-error.js';
import type { FuzzRequest } from './http-requests.js';
import type { FuzzAnswer } from './http-sender.js';

/**
 * What is wrong with an answer, or undefined when it is a well-formed success or client error: a 2xx
 * or 4xx status, a JSON body (raw bytes only from the log route), and for errors exactly
 * `{error: {code, message}}` with no internals and none of the `secrets` in it.
 */
export function answerProblem(request: FuzzRequest, answer: FuzzAnswer, secrets: string[]): string | undefined {
  const { status, body } = answer;
  if (!((status >= 200 && status < 300) || (status >= 400 && status < 500))) return `status ${status}: ${body.toString('utf8').slice(0, 200)}`;
  if (request.method === 'HEAD' || status === 204) return body.length === 0 ? undefined : `a ${status} answer to ${request.method} with a body`;
  const type = String(answer.headers['content-type'] ?? '');
  if (status < 300 && /^application\/octet-stream/.test(type) && /\/log(\?|$)/.test(request.path)) return undefined;
  if (!/^application\/json/.test(type)) return `status ${status} with content-type "${type}": ${body.toString('utf8').slice(0, 200)}`;
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return `status ${status} with a body that is not JSON: ${body.toString('utf8').slice(0, 200)}`;
  }
  if (status < 300) return undefined;
  const text = body.toString('utf8');
  if (!ErrorResponseSchema.safeParse(json).success) return `error body of the wrong shape: ${text.slice(0, 200)}`;
  if (INTERNALS.test(text)) return `error body shows internals: ${text.slice(0, 300)}`;
  const leaked = secrets.find((s) => text.includes(s));
  if (leaked !== undefined) return `error body contains ${leaked}: ${text.slice(0, 300)}`;
  return undefined;
}
