import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { DaemonSet } from '../support/daemon-set.js';
import type { DaemonProcess } from '../support/daemon-process.js';
import { http } from '../support/http-client.js';
import { bearer, createToken, dashboardOrigin, fromDashboard, login, web, type Owner } from '../support/owner.js';
import { closed, openWebSocket, refusedStatus, wsUrls } from '../support/ws-attempt.js';

/** The close code the daemon uses for a revoked login or token. */
const REVOKED = 4401;

describe('revoked logins and tokens', () => {
  const daemons = new DaemonSet();
  let daemon: DaemonProcess;
  let owner: Owner;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    ({ daemon, owner } = await daemons.startOwned());
  });

  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await daemons.destroyAll();
  });

  async function wsOf(cookie: string, which: 'web' | 'dedicated' = 'dedicated'): Promise<WebSocket> {
    const socket = await openWebSocket(wsUrls(daemon)[which], { cookie, origin: dashboardOrigin(daemon) });
    sockets.push(socket);
    return socket;
  }

  const me = async (cookie: string) => (await http(web(daemon), 'GET', '/api/auth/me', undefined, { cookie })).status;

  it('refuses a cookie after logout and closes the WebSocket opened with it', async () => {
    const { cookie } = await login(daemon, owner);
    const socket = await wsOf(cookie);
    const closing = closed(socket);
    expect((await http(web(daemon), 'POST', '/api/auth/logout', {}, fromDashboard(daemon, cookie))).status).toBe(200);
    expect(await closing).toBe(REVOKED);
    expect(await me(cookie)).toBe(401);
    expect(await refusedStatus(wsUrls(daemon).dedicated, { cookie, origin: dashboardOrigin(daemon) })).toBe(401);
  });

  it('refuses a login ended with DELETE /api/auth/logins/:id and closes its WebSockets on both ports', async () => {
    const victim = await login(daemon, owner);
    const onWebPort = closed(await wsOf(victim.cookie, 'web'));
    const onWsPort = closed(await wsOf(victim.cookie, 'dedicated'));
    const revoked = await http(web(daemon), 'DELETE', `/api/auth/logins/${victim.loginId}`, undefined, fromDashboard(daemon, owner.cookie));
    expect(revoked.status).toBe(200);
    expect(await onWebPort).toBe(REVOKED);
    expect(await onWsPort).toBe(REVOKED);
    expect(await me(victim.cookie)).toBe(401);
    expect(await me(owner.cookie)).toBe(200);
  });

  it('ends every other login on revoke-all and keeps the one asking', async () => {
    const others = [await login(daemon, owner), await login(daemon, owner)];
    const asking = await login(daemon, owner);
    const closings: Array<Promise<number>> = [];
    for (const other of others) closings.push(closed(await wsOf(other.cookie)));
    const answer = await http(web(daemon), 'POST', '/api/auth/logins/revoke-all', {}, fromDashboard(daemon, asking.cookie));
    expect(answer.status).toBe(200);
    expect(answer.json<{ revokedLogins: string[] }>().revokedLogins).toEqual(expect.arrayContaining(others.map((o) => o.loginId)));
    expect(await Promise.all(closings)).toEqual([REVOKED, REVOKED]);
    for (const other of others) expect(await me(other.cookie)).toBe(401);
    expect(await me(asking.cookie)).toBe(200);
    owner.cookie = asking.cookie;
  });

  it('ends every other login, and their WebSockets, when the password changes', async () => {
    const other = await login(daemon, owner);
    const asking = await login(daemon, owner);
    const otherClosed = closed(await wsOf(other.cookie));
    const newPassword = 'a brand new passphrase';
    const changed = await http(
      web(daemon),
      'POST',
      '/api/auth/password',
      { currentPassword: owner.password, newPassword, totp: await owner.totp.fresh() },
      fromDashboard(daemon, asking.cookie),
    );
    expect(changed.status).toBe(200);
    owner.password = newPassword;
    expect(await otherClosed).toBe(REVOKED);
    expect(await me(other.cookie)).toBe(401);
    expect(await me(asking.cookie)).toBe(200);
    owner.cookie = asking.cookie;
  });

  it('refuses a revoked API token and closes its WebSocket', async () => {
    const { id, token } = await createToken(daemon, 'soon-revoked');
    expect((await http(web(daemon), 'GET', '/api/sessions', undefined, bearer(token))).status).toBe(200);
    const socket = await openWebSocket(wsUrls(daemon).dedicated, bearer(token));
    sockets.push(socket);
    const closing = closed(socket);
    expect((await http(daemon, 'DELETE', `/api/auth/tokens/${id}`)).status).toBe(200);
    expect(await closing).toBe(REVOKED);
    expect((await http(web(daemon), 'GET', '/api/sessions', undefined, bearer(token))).status).toBe(401);
    expect(await refusedStatus(wsUrls(daemon).dedicated, bearer(token))).toBe(401);
  });

  it('refuses a WebSocket ticket whose login has been revoked since it was issued', async () => {
    const { cookie } = await login(daemon, owner);
    const issued = await http(web(daemon), 'POST', '/api/auth/ws-ticket', {}, fromDashboard(daemon, cookie));
    expect(issued.status).toBe(200);
    const { ticket } = issued.json<{ ticket: string }>();
    expect((await http(web(daemon), 'POST', '/api/auth/logout', {}, fromDashboard(daemon, cookie))).status).toBe(200);
    expect(await refusedStatus(`${wsUrls(daemon).dedicated}?ticket=${ticket}`, { origin: dashboardOrigin(daemon) })).toBe(401);
  });

  it('refuses a WebSocket ticket whose API token has been revoked since it was issued', async () => {
    const { id, token } = await createToken(daemon, 'ticket-then-revoked');
    const issued = await http(web(daemon), 'POST', '/api/auth/ws-ticket', {}, bearer(token));
    const { ticket } = issued.json<{ ticket: string }>();
    expect((await http(daemon, 'DELETE', `/api/auth/tokens/${id}`)).status).toBe(200);
    expect(await refusedStatus(`${wsUrls(daemon).dedicated}?ticket=${ticket}`, { origin: dashboardOrigin(daemon) })).toBe(401);
  });
});
