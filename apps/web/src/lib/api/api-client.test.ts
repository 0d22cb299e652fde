import { afterEach, describe, expect, it } from 'vitest';
import { request, setUnauthorizedHandler } from './api-client';
import { ApiError } from './api-error';

/** A stand-in for the browser's fetch that records requests and answers with a fixed response. */
function fakeFetch(status: number, body: string, headers: Record<string, string> = {}) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const impl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(status === 204 ? null : body, { status, headers });
  }) as unknown as typeof fetch;
  return { impl, calls };
}

afterEach(() => setUnauthorizedHandler(undefined));

describe('request', () => {
  it('sends writes as JSON with the content type the daemon requires', async () => {
    const f = fakeFetch(201, '{"id":"a1b2c3d4"}');
    const answer = await request<{ id: string }>('POST', '/api/sessions', { body: { name: 'x' }, fetch: f.impl });
    expect(answer.id).toBe('a1b2c3d4');
    expect(f.calls[0]!.init.body).toBe('{"name":"x"}');
    expect((f.calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(f.calls[0]!.init.credentials).toBe('same-origin');
  });

  it('sends a PUT as JSON too', async () => {
    const f = fakeFetch(200, '{"complete":false}');
    await request('PUT', '/api/push/settings', { body: { complete: false }, fetch: f.impl });
    expect(f.calls[0]!.init).toMatchObject({ method: 'PUT', body: '{"complete":false}' });
    expect((f.calls[0]!.init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('sends an empty JSON object for a write without a body', async () => {
    const f = fakeFetch(200, '{"ok":true}');
    await request('POST', '/api/auth/logout', { fetch: f.impl });
    expect(f.calls[0]!.init.body).toBe('{}');
  });

  it("turns an error answer into an ApiError with the daemon's code and message", async () => {
    const f = fakeFetch(409, '{"error":{"code":"conflict","message":"name in use"}}');
    const error = await request('POST', '/api/sessions', { fetch: f.impl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'conflict', message: 'name in use' });
  });

  it('reads Retry-After from a rate-limited answer', async () => {
    const f = fakeFetch(429, '{"error":{"code":"rate_limited","message":"too many attempts"}}', { 'Retry-After': '30' });
    const error = await request('POST', '/api/auth/login', { fetch: f.impl, authRequired: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryAfter: 30 });
  });

  it('reports an expired login only for calls that need one', async () => {
    let lost = 0;
    setUnauthorizedHandler(() => lost++);
    const f = fakeFetch(401, '{"error":{"code":"unauthorized","message":"log in first"}}');
    await request('GET', '/api/sessions', { fetch: f.impl }).catch(() => undefined);
    await request('POST', '/api/auth/login', { fetch: f.impl, authRequired: false }).catch(() => undefined);
    expect(lost).toBe(1);
  });

  it('says the daemon cannot be reached when the network fails', async () => {
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const error = await request('GET', '/api/auth/status', { fetch: failing }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'network' });
  });

  it('answers undefined for 204 No Content', async () => {
    const f = fakeFetch(204, '');
    expect(await request('DELETE', '/api/sessions/x', { fetch: f.impl })).toBeUndefined();
  });
});
