import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonSet } from '../support/daemon-set.js';
import type { DaemonProcess } from '../support/daemon-process.js';
import { http } from '../support/http-client.js';
import { bearer, createToken, login, web } from '../support/owner.js';
import { nextJson, openWebSocket, refusedStatus, wsUrls } from '../support/ws-attempt.js';

const PUBLIC_HOST = 'my.example';

describe('DNS rebinding', () => {
  const daemons = new DaemonSet();
  let daemon: DaemonProcess;
  let cookie: string;
  let token: string;

  beforeAll(async () => {
    const started = await daemons.startOwned({ args: ['--public-host', PUBLIC_HOST] });
    daemon = started.daemon;
    cookie = (await login(daemon, started.owner)).cookie;
    token = (await createToken(daemon, 'rebinding')).token;
  });

  afterAll(() => daemons.destroyAll());

  const rebound = (port: number) => ['evil.example', `evil.example:${port}`, `${PUBLIC_HOST}.evil.example`, `127.0.0.1.nip.io:${port}`, 'localhost.evil.example'];

  it('answers 421 to a foreign Host on the API, even with valid credentials', async () => {
    for (const host of rebound(daemon.webPort!)) {
      for (const headers of [{}, { cookie }, bearer(token)]) {
        for (const path of ['/api/health', '/api/sessions', '/api/auth/status']) {
          const answer = await http(web(daemon), 'GET', path, undefined, { ...headers, host });
          expect(answer.status, `${host} ${path}`).toBe(421);
          expect(answer.json()).toMatchObject({ error: { code: 'misdirected' } });
        }
      }
    }
  });

  it('answers 421 to a foreign Host on static files', async () => {
    for (const host of rebound(daemon.webPort!)) {
      for (const path of ['/', '/index.html', '/_app/version.json', '/some/client/route']) {
        expect((await http(web(daemon), 'GET', path, undefined, { host })).status, `${host} ${path}`).toBe(421);
      }
    }
  });

  it('refuses WebSocket upgrades with a foreign Host on both ports with 421', async () => {
    const urls = wsUrls(daemon);
    for (const [url, port] of [
      [urls.web, daemon.webPort!],
      [urls.dedicated, daemon.wsPort],
    ] as const) {
      for (const host of rebound(port)) {
        // The rebinding page's own origin is consistent with the Host it sends.
        expect(await refusedStatus(url, { host, origin: `http://${host}`, cookie }), `${url} ${host}`).toBe(421);
        expect(await refusedStatus(url, { host, ...bearer(token) }), `${url} ${host} bearer`).toBe(421);
      }
    }
  });

  it('accepts a host named by --public-host, for the API and the WebSocket', async () => {
    for (const host of [PUBLIC_HOST, `${PUBLIC_HOST}:${daemon.webPort}`, PUBLIC_HOST.toUpperCase()]) {
      expect((await http(web(daemon), 'GET', '/api/health', undefined, { host })).status, host).toBe(200);
    }
    const socket = await openWebSocket(wsUrls(daemon).dedicated, {
      host: `${PUBLIC_HOST}:${daemon.wsPort}`,
      origin: `http://${PUBLIC_HOST}:${daemon.webPort}`,
      cookie,
    });
    try {
      expect(await nextJson(socket, (m) => m.type === 'hello')).toMatchObject({ type: 'hello' });
    } finally {
      socket.terminate();
    }
  });

  it('accepts IP-literal and localhost Hosts', async () => {
    const port = daemon.webPort!;
    for (const host of ['127.0.0.1', `127.0.0.1:${port}`, `[::1]:${port}`, `192.168.1.20:${port}`, `localhost:${port}`, 'localhost', `app.localhost:${port}`]) {
      expect((await http(web(daemon), 'GET', '/api/health', undefined, { host })).status, host).toBe(200);
    }
  });
});
