import type { ErrorResponse } from '@codepiper/protocol';
import { ApiError } from './api-error';

type Fetch = typeof fetch;

let onUnauthorized: (() => void) | undefined;

/** Where a 401 from a call that needs a login goes (the app sends the user to the login page). */
export function setUnauthorizedHandler(handler: (() => void) | undefined): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  body?: unknown;
  /** False for the login and setup calls, where 401 means a wrong password, not an expired login. */
  authRequired?: boolean;
  fetch?: Fetch;
}

/**
 * One JSON call to the daemon on this origin. The login cookie rides along (same origin), writes carry
 * a JSON body (the daemon refuses a write without `Content-Type: application/json`), and every failure
 * becomes an ApiError with the daemon's own message.
 */
export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: RequestOptions = {}): Promise<T> {
  const doFetch = options.fetch ?? fetch;
  const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (method === 'POST' || method === 'PUT') {
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    init.body = JSON.stringify(options.body ?? {});
  }
  let response: Response;
  try {
    response = await doFetch(path, init);
  } catch {
    throw new ApiError(0, 'network', 'cannot reach the daemon: check that it is running and that this device can reach it');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (response.ok) return json as T;
  const error = (json as Partial<ErrorResponse> | undefined)?.error;
  const retry = Number(response.headers.get('Retry-After'));
  const failure = new ApiError(
    response.status,
    error?.code ?? 'internal',
    error?.message ?? `the daemon answered ${response.status}`,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
  if (response.status === 401 && options.authRequired !== false) onUnauthorized?.();
  throw failure;
}
