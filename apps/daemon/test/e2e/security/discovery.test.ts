import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonSet } from '../support/daemon-set.js';
import type { DaemonProcess } from '../support/daemon-process.js';
import { expectCleanError } from '../support/clean-error.js';
import { http } from '../support/http-client.js';
import { bearer, createToken, login, printedSetupCode, web, type Owner } from '../support/owner.js';

const SESSION_NAME = 'payroll-migration-secret';

describe('discovery endpoints', () => {
  const daemons = new DaemonSet();
  let daemon: DaemonProcess;
  let owner: Owner;
  /** Things an anonymous caller must never see. */
  let secrets: string[];

  beforeAll(async () => {
    ({ daemon, owner } = await daemons.startOwned());
    const created = await http(daemon, 'POST', '/api/sessions', { name: SESSION_NAME, command: ['cat'] });
    const { token } = await createToken(daemon, 'discovery');
    secrets = [daemon.home, daemon.socket, SESSION_NAME, created.json<{ id: string }>().id, token, owner.password, owner.totp.secret, String(daemon.child.pid)];
  });

  afterAll(() => daemons.destroyAll());

  const expectNoSecrets = (text: string, what: string) => {
    for (const secret of secrets) expect(text, `${what} leaks ${secret}`).not.toContain(secret);
  };

  it('reveals nothing but {ok, version} on /api/health', async () => {
    const answer = await http(web(daemon), 'GET', '/api/health');
    expect(answer.status).toBe(200);
    const body = answer.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(['ok', 'version']);
    expect(body.ok).toBe(true);
    expect(String(body.version).length).toBeLessThan(64);
    expectNoSecrets(answer.body.toString(), 'health');
  });

  it('reveals only whether setup is done on /api/auth/status', async () => {
    const answer = await http(web(daemon), 'GET', '/api/auth/status');
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ configured: true, totpConfirmed: true, setupRequired: false, authenticated: false });
    expectNoSecrets(answer.body.toString(), 'auth status');
  });

  it('requires authentication for the OpenAPI document on TCP, but not on the unix socket', async () => {
    const anonymous = await http(web(daemon), 'GET', '/api/openapi.json');
    expect(anonymous.status).toBe(401);
    expectNoSecrets(anonymous.body.toString(), 'openapi 401');
    const local = await http(daemon, 'GET', '/api/openapi.json');
    expect(local.status).toBe(200);
    expect(local.json()).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
  });

  it('answers every other API read with 401 and nothing else to an anonymous caller', async () => {
    for (const path of ['/api/status', '/api/sessions', '/api/sessions?all=true', `/api/sessions/${SESSION_NAME}`, `/api/sessions/${SESSION_NAME}/log`, '/api/auth/me', '/api/auth/logins', '/api/auth/tokens', '/api/audit']) {
      const answer = await http(web(daemon), 'GET', path);
      expect(answer.status, path).toBe(401);
      expectCleanError(answer, path);
      expectNoSecrets(answer.body.toString(), path);
    }
  });

  it('keeps the dashboard shell free of daemon state', async () => {
    for (const path of ['/', '/index.html', `/sessions/${SESSION_NAME}`]) {
      const answer = await http(web(daemon), 'GET', path);
      expect(answer.status).toBe(200);
      // The requested path may legitimately be absent from the shell; nothing else may be there.
      expectNoSecrets(answer.body.toString(), path);
    }
  });

  it('never echoes the password, recovery code, token or cookie sent in an error body', async () => {
    const recoveryCode = owner.recoveryCodes[0]!;
    const { token } = await createToken(daemon, 'revoked-for-echo');
    await http(daemon, 'DELETE', '/api/auth/tokens/revoked-for-echo');
    const { cookie } = await login(daemon, owner);
    await http(web(daemon), 'POST', '/api/auth/logout', {}, { cookie, origin: `http://127.0.0.1:${daemon.webPort}` });
    const sent = [owner.password, recoveryCode, token, cookie.split('=')[1]!];
    const attempts = [
      await http(web(daemon), 'POST', '/api/auth/login', { password: owner.password, totp: 'abcdef' }),
      await http(web(daemon), 'POST', '/api/auth/login', { password: owner.password, totp: '12345' }),
      await http(web(daemon), 'POST', '/api/auth/login', { password: 'not it at all', recoveryCode }),
      await http(web(daemon), 'POST', '/api/auth/login', { password: owner.password, recoveryCode: `${recoveryCode}-x` }),
      await http(web(daemon), 'POST', '/api/auth/login', { password: owner.password, recoveryCode, extra: owner.password }),
      await http(web(daemon), 'GET', '/api/sessions', undefined, bearer(token)),
      await http(web(daemon), 'GET', '/api/sessions', undefined, { authorization: `Token ${token}` }),
      await http(web(daemon), 'GET', '/api/sessions', undefined, { cookie }),
      await http(web(daemon), 'POST', '/api/auth/password', { currentPassword: owner.password, newPassword: 'short', totp: '000000' }, bearer((await createToken(daemon, 'pw')).token)),
    ];
    for (const answer of attempts) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expectCleanError(answer, `${answer.status}`, sent);
    }
  });

  it('never echoes the setup code or the password sent during setup', async () => {
    const unowned = await daemons.start({ web: true });
    const setupCode = printedSetupCode(unowned);
    const password = 'a password that must stay secret';
    const attempts = [
      await http(web(unowned), 'POST', '/api/auth/setup', { setupCode, password: 'short' }),
      await http(web(unowned), 'POST', '/api/auth/setup', { setupCode: `${setupCode}-0`, password }),
      await http(web(unowned), 'POST', '/api/auth/setup', { setupCode: setupCode.toLowerCase().split('').reverse().join(''), password }),
      await http(web(unowned), 'POST', '/api/auth/setup/confirm', { setupCode, totp: 'nope' }),
      await http(web(unowned), 'POST', '/api/auth/login', { password, totp: '123456' }),
    ];
    for (const answer of attempts) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expectCleanError(answer, `${answer.status}`, [setupCode, password]);
    }
    for (const path of ['/api/health', '/api/auth/status', '/']) {
      expect((await http(web(unowned), 'GET', path)).body.toString(), path).not.toContain(setupCode);
    }
  });
});
