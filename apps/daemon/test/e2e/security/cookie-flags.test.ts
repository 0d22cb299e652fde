import { afterAll, describe, expect, it } from 'vitest';
import { DaemonSet } from '../support/daemon-set.js';
import { http, type HttpAnswer } from '../support/http-client.js';
import { LOGIN_COOKIE, printedSetupCode, setCookieHeader, web, OWNER_PASSWORD } from '../support/owner.js';
import { TotpClock } from '../support/totp-clock.js';

/** The attributes of the login cookie an answer sets, lower-cased, without the name=value pair. */
function cookieAttributes(answer: HttpAnswer): string[] {
  const header = setCookieHeader(answer) ?? '';
  const cookie = header.split('\n').find((c) => c.startsWith(`${LOGIN_COOKIE}=`));
  expect(cookie, 'a login cookie is set').toBeDefined();
  return cookie!
    .split(';')
    .slice(1)
    .map((a) => a.trim().toLowerCase());
}

function expectBrowserOnlyCookie(attributes: string[]): void {
  expect(attributes).toContain('httponly');
  expect(attributes).toContain('samesite=strict');
  expect(attributes).toContain('path=/');
  expect(attributes.some((a) => a.startsWith('domain='))).toBe(false);
}

describe('login cookie flags', () => {
  const daemons = new DaemonSet();
  afterAll(() => daemons.destroyAll());

  it('is HttpOnly, SameSite=Strict, Path=/ and not Secure over plain HTTP (setup and login)', async () => {
    const daemon = await daemons.start({ web: true });
    const setupCode = printedSetupCode(daemon);
    const begun = await http(web(daemon), 'POST', '/api/auth/setup', { setupCode, password: OWNER_PASSWORD });
    const { secret, recoveryCodes } = begun.json<{ secret: string; recoveryCodes: string[] }>();
    const confirmed = await http(web(daemon), 'POST', '/api/auth/setup/confirm', { setupCode, totp: await new TotpClock(secret).fresh() });
    expect(confirmed.status).toBe(200);
    const loggedIn = await http(web(daemon), 'POST', '/api/auth/login', { password: OWNER_PASSWORD, recoveryCode: recoveryCodes[0] });
    expect(loggedIn.status).toBe(200);
    for (const answer of [confirmed, loggedIn]) {
      const attributes = cookieAttributes(answer);
      expectBrowserOnlyCookie(attributes);
      expect(attributes).not.toContain('secure');
    }
  });

  it('is Secure when a trusted proxy says the client used HTTPS', async () => {
    const { daemon, owner } = await daemons.startOwned({ args: ['--trust-proxy'] });
    const answer = await http(web(daemon), 'POST', '/api/auth/login', { password: owner.password, recoveryCode: owner.recoveryCodes[0] }, { 'x-forwarded-proto': 'https' });
    expect(answer.status).toBe(200);
    const attributes = cookieAttributes(answer);
    expectBrowserOnlyCookie(attributes);
    expect(attributes).toContain('secure');
  });

  it('ignores X-Forwarded-Proto without --trust-proxy', async () => {
    const { daemon, owner } = await daemons.startOwned();
    const answer = await http(web(daemon), 'POST', '/api/auth/login', { password: owner.password, recoveryCode: owner.recoveryCodes[0] }, { 'x-forwarded-proto': 'https' });
    expect(answer.status).toBe(200);
    expect(cookieAttributes(answer)).not.toContain('secure');
  });
});
