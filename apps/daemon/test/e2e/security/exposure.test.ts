import { afterAll, describe, expect, it } from 'vitest';
import { stat } from 'node:fs/promises';
import { DaemonSet } from '../support/daemon-set.js';
import { runDaemonToExit } from '../support/daemon-process.js';
import { http } from '../support/http-client.js';
import { bearer, createToken, OWNER_PASSWORD, printedSetupCode, setUpOwner, web } from '../support/owner.js';
import { refusedStatus, wsUrls } from '../support/ws-attempt.js';

const EXPOSED_WARNING = 'exposes the dashboard to your local network';

describe('network exposure', () => {
  const daemons = new DaemonSet();
  afterAll(() => daemons.destroyAll());

  it('refuses to listen on 0.0.0.0 while no owner is set up', async () => {
    const home = await daemons.home();
    const refused = await runDaemonToExit(home, { web: true, args: ['--host', '0.0.0.0'] });
    expect(refused.code).not.toBe(0);
    expect(refused.code).not.toBeNull();
    expect(refused.stderr).toContain('refusing to listen on 0.0.0.0');
    expect(refused.stderr).toMatch(/no owner is set up/);
    expect(refused.stdout).not.toMatch(/setup code|daemon ready/);
  });

  it('still refuses 0.0.0.0 after a setup that was begun but never confirmed', async () => {
    const home = await daemons.home();
    const local = await daemons.start({ web: true }, home);
    const begun = await http(web(local), 'POST', '/api/auth/setup', { setupCode: printedSetupCode(local), password: OWNER_PASSWORD });
    expect(begun.status).toBe(200);
    await local.stop();
    const refused = await runDaemonToExit(home, { web: true, args: ['--host', '0.0.0.0'] });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('refusing to listen on 0.0.0.0');
  });

  it('listens on 0.0.0.0 once the owner is set up, warning that it exposes the dashboard, and still demands a login', async () => {
    const home = await daemons.home();
    const local = await daemons.start({ web: true }, home);
    expect(local.stderr()).not.toContain(EXPOSED_WARNING);
    await setUpOwner(local);
    await local.stop();

    const exposed = await daemons.start({ web: true, args: ['--host', '0.0.0.0'] }, home);
    expect(exposed.stderr()).toContain(EXPOSED_WARNING);
    expect(exposed.stdout()).not.toContain('setup code');
    // Bound to every interface, but spoken to only on loopback.
    expect((await http(web(exposed), 'GET', '/api/health')).status).toBe(200);
    expect((await http(web(exposed), 'GET', '/api/sessions')).status).toBe(401);
    expect(await refusedStatus(wsUrls(exposed).dedicated, { origin: `http://127.0.0.1:${exposed.webPort}` })).toBe(401);
  });

  it('keeps the unix socket 0600 in a 0700 home and takes its requests as the owner without a login', async () => {
    const { daemon } = await daemons.startOwned();
    expect((await stat(daemon.home)).mode & 0o777).toBe(0o700);
    expect((await stat(daemon.socket)).mode & 0o777).toBe(0o600);
    expect((await http(daemon, 'GET', '/api/auth/me')).json()).toMatchObject({ authenticated: true, via: 'local' });
    expect((await http(daemon, 'POST', '/api/sessions', { command: ['true'] })).status).toBe(201);
  });

  it('gives a TCP request posing as local (X-Forwarded-For: 127.0.0.1, Host: localhost) nothing', async () => {
    const direct = (await daemons.startOwned()).daemon;
    const proxied = (await daemons.startOwned({ args: ['--trust-proxy'] })).daemon;
    const poses: Array<Record<string, string>> = [{ 'x-forwarded-for': '127.0.0.1' }, { host: 'localhost' }, { 'x-forwarded-for': '127.0.0.1', host: 'localhost' }, { 'x-forwarded-for': '::1', 'x-real-ip': '127.0.0.1' }];
    for (const daemon of [direct, proxied]) {
      const token = (await createToken(daemon, 'not-local')).token;
      for (const pose of poses) {
        for (const path of ['/api/sessions', '/api/auth/me', '/api/openapi.json', '/api/status']) {
          expect((await http(web(daemon), 'GET', path, undefined, pose)).status, `${path} ${JSON.stringify(pose)}`).toBe(401);
        }
        expect((await http(web(daemon), 'POST', '/api/sessions', { command: ['true'] }, pose)).status).toBe(401);
        expect([401, 403]).toContain(await refusedStatus(wsUrls(daemon).dedicated, { ...pose, origin: `http://127.0.0.1:${daemon.webPort}` }));
        // A token holder cannot reach what only the owner on the machine may do.
        const me = await http(web(daemon), 'GET', '/api/auth/me', undefined, { ...pose, ...bearer(token) });
        expect(me.json()).toMatchObject({ via: 'token' });
        for (const [path, body] of [
          ['/api/auth/reset-password', { password: 'taken over by a token' }],
          ['/api/auth/recovery-codes', {}],
          ['/api/auth/reset-totp', {}],
        ] as const) {
          expect((await http(web(daemon), 'POST', path, body, { ...pose, ...bearer(token) })).status, path).toBe(403);
        }
      }
    }
  });
});
