import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '@codepiper/protocol';
import { DaemonSet } from '../support/daemon-set.js';
import type { DaemonProcess } from '../support/daemon-process.js';
import { http } from '../support/http-client.js';
import { dashboardOrigin, login, web, type Owner } from '../support/owner.js';

const CREATE = { name: 'csrf-probe', command: ['true'] };

describe('cross-site request forgery', () => {
  const daemons = new DaemonSet();
  let daemon: DaemonProcess;
  let owner: Owner;
  let cookie: string;

  beforeAll(async () => {
    ({ daemon, owner } = await daemons.startOwned());
    cookie = (await login(daemon, owner)).cookie;
  });

  afterAll(() => daemons.destroyAll());

  const sessionCount = async () => (await http(daemon, 'GET', '/api/sessions?all=true')).json<Session[]>().length;
  const loginCount = async () => (await http(daemon, 'GET', '/api/auth/logins')).json<unknown[]>().length;

  it('refuses cookie-authenticated POST and DELETE without an Origin', async () => {
    const victim = await login(daemon, owner);
    const before = { sessions: await sessionCount(), logins: await loginCount() };
    const post = await http(web(daemon), 'POST', '/api/sessions', CREATE, { cookie });
    expect(post.status).toBe(403);
    expect(post.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await http(web(daemon), 'DELETE', `/api/auth/logins/${victim.loginId}`, undefined, { cookie })).status).toBe(403);
    expect((await http(web(daemon), 'POST', '/api/auth/logins/revoke-all', {}, { cookie })).status).toBe(403);
    expect({ sessions: await sessionCount(), logins: await loginCount() }).toEqual(before);
  });

  it('refuses cookie-authenticated POST and DELETE from a foreign Origin', async () => {
    const victim = await login(daemon, owner);
    const before = { sessions: await sessionCount(), logins: await loginCount() };
    const foreign = ['https://evil.example', 'null', `http://127.0.0.1:${daemon.webPort! + 1}`, `http://127.0.0.1:${daemon.wsPort}.evil.example`];
    for (const origin of foreign) {
      expect((await http(web(daemon), 'POST', '/api/sessions', CREATE, { cookie, origin })).status, origin).toBe(403);
      expect((await http(web(daemon), 'DELETE', `/api/auth/logins/${victim.loginId}`, undefined, { cookie, origin })).status, origin).toBe(403);
      expect((await http(web(daemon), 'POST', '/api/auth/logout', {}, { cookie, origin })).status, origin).toBe(403);
    }
    expect({ sessions: await sessionCount(), logins: await loginCount() }).toEqual(before);
    expect((await http(web(daemon), 'GET', '/api/auth/me', undefined, { cookie })).status).toBe(200);
  });

  it('accepts cookie-authenticated POST and DELETE from the dashboard origin', async () => {
    const victim = await login(daemon, owner);
    const created = await http(web(daemon), 'POST', '/api/sessions', CREATE, { cookie, origin: dashboardOrigin(daemon) });
    expect(created.status).toBe(201);
    const deleted = await http(web(daemon), 'DELETE', `/api/auth/logins/${victim.loginId}`, undefined, { cookie, origin: dashboardOrigin(daemon) });
    expect(deleted.status).toBe(200);
  });

  it('refuses a form-encoded body, what a cross-site form can send, even with the right Origin', async () => {
    const before = await sessionCount();
    const forms: Array<[string, string]> = [
      ['text/plain', JSON.stringify({ command: ['true'] })],
      ['text/plain;charset=UTF-8', JSON.stringify({ command: ['true'] })],
      ['application/x-www-form-urlencoded', 'command=true'],
      ['application/x-www-form-urlencoded', `${encodeURIComponent(JSON.stringify({ command: ['true'] }))}=`],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="command"\r\n\r\ntrue\r\n--x--\r\n'],
    ];
    for (const [type, body] of forms) {
      const answer = await http(web(daemon), 'POST', '/api/sessions', body, { cookie, origin: dashboardOrigin(daemon), 'content-type': type });
      expect(answer.status, type).toBeGreaterThanOrEqual(400);
      expect(answer.status, type).toBeLessThan(500);
    }
    expect(await sessionCount()).toBe(before);
  });

  it('refuses a login posted from a foreign Origin (login CSRF)', async () => {
    const code = owner.recoveryCodes[0]!;
    const answer = await http(web(daemon), 'POST', '/api/auth/login', { password: owner.password, recoveryCode: code }, { origin: 'https://evil.example' });
    expect(answer.status).toBe(403);
    expect(answer.headers['set-cookie']).toBeUndefined();
  });
});
