import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonSet } from '../support/daemon-set.js';
import type { DaemonProcess } from '../support/daemon-process.js';
import { http } from '../support/http-client.js';
import { bearer, createToken, dashboardOrigin, fromDashboard, login, web } from '../support/owner.js';
import { nextJson, openWebSocket, refusedStatus, wsUrls } from '../support/ws-attempt.js';

describe('WebSocket handshake', () => {
  const daemons = new DaemonSet();
  let daemon: DaemonProcess;
  let cookie: string;
  let token: string;
  let urls: { web: string; dedicated: string };
  let ports: Array<['web' | 'dedicated', string]>;

  beforeAll(async () => {
    const started = await daemons.startOwned();
    daemon = started.daemon;
    cookie = (await login(daemon, started.owner)).cookie;
    token = (await createToken(daemon, 'ws-origin')).token;
    urls = wsUrls(daemon);
    ports = [
      ['web', urls.web],
      ['dedicated', urls.dedicated],
    ];
  });

  afterAll(() => daemons.destroyAll());

  async function accepted(url: string, headers: Record<string, string>): Promise<void> {
    const socket = await openWebSocket(url, headers);
    try {
      expect(await nextJson(socket, (m) => m.type === 'hello')).toMatchObject({ type: 'hello' });
    } finally {
      socket.terminate();
    }
  }

  it('refuses a foreign Origin on both ports even with a valid cookie (cross-site WebSocket hijacking)', async () => {
    const foreign = ['https://evil.example', 'http://evil.example', 'null', `http://127.0.0.1:${daemon.webPort! + 1}`, `http://127.0.0.1.evil.example:${daemon.webPort}`];
    for (const [, url] of ports) {
      for (const origin of foreign) {
        expect(await refusedStatus(url, { cookie, origin }), `${url} from ${origin}`).toBe(403);
      }
    }
  });

  it('refuses a foreign Origin on both ports even with a bearer token', async () => {
    for (const [, url] of ports) expect(await refusedStatus(url, { ...bearer(token), origin: 'https://evil.example' })).toBe(403);
  });

  it('refuses a WebSocket without credentials with 401 on both ports', async () => {
    for (const [, url] of ports) expect(await refusedStatus(url, { origin: dashboardOrigin(daemon) })).toBe(401);
  });

  it('refuses a cookie without Origin: a missing Origin is accepted only with a bearer token', async () => {
    for (const [, url] of ports) {
      expect(await refusedStatus(url, { cookie })).toBe(403);
      await accepted(url, bearer(token));
    }
  });

  it("accepts the dashboard's own origin with the cookie on both ports", async () => {
    for (const [, url] of ports) await accepted(url, { cookie, origin: dashboardOrigin(daemon) });
  });

  it('accepts a single-use ticket once and refuses it the second time', async () => {
    const issued = await http(web(daemon), 'POST', '/api/auth/ws-ticket', {}, fromDashboard(daemon, cookie));
    expect(issued.status).toBe(200);
    const { ticket } = issued.json<{ ticket: string }>();
    await accepted(`${urls.dedicated}?ticket=${ticket}`, { origin: dashboardOrigin(daemon) });
    expect(await refusedStatus(`${urls.dedicated}?ticket=${ticket}`, { origin: dashboardOrigin(daemon) })).toBe(401);
    expect(await refusedStatus(`${urls.web}?ticket=${ticket}`, { origin: dashboardOrigin(daemon) })).toBe(401);
  });

  it('refuses a valid ticket presented from a foreign Origin', async () => {
    const { ticket } = (await http(web(daemon), 'POST', '/api/auth/ws-ticket', {}, fromDashboard(daemon, cookie))).json<{ ticket: string }>();
    expect(await refusedStatus(`${urls.dedicated}?ticket=${ticket}`, { origin: 'https://evil.example' })).toBe(403);
  });

  it('does not take tokens from the URL query, on WebSockets or HTTP', async () => {
    const loginToken = decodeURIComponent(cookie.split('=')[1]!);
    for (const name of ['token', 'access_token', 'api_token', 'auth', 'authorization', 'bearer', 'session', 'codepiper_login']) {
      for (const value of [token, loginToken]) {
        const query = `?${name}=${encodeURIComponent(value)}`;
        for (const [, url] of ports) expect(await refusedStatus(`${url}${query}`, { origin: dashboardOrigin(daemon) }), `${url} ${name}`).toBe(401);
        expect((await http(web(daemon), 'GET', `/api/sessions${query}`)).status, `HTTP ${name}`).toBe(401);
      }
    }
  });

  it('does not accept a WebSocket ticket or an API token as a ticket on HTTP', async () => {
    const { ticket } = (await http(web(daemon), 'POST', '/api/auth/ws-ticket', {}, fromDashboard(daemon, cookie))).json<{ ticket: string }>();
    expect((await http(web(daemon), 'GET', `/api/sessions?ticket=${ticket}`)).status).toBe(401);
    expect(await refusedStatus(`${urls.dedicated}?ticket=${encodeURIComponent(token)}`, { origin: dashboardOrigin(daemon) })).toBe(401);
  });
});
