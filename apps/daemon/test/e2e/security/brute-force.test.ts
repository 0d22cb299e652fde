import { afterAll, describe, expect, it } from 'vitest';
import { AUTH_CONSTANTS, currentTotp, totpStep } from '@codepiper/core';
import { DaemonSet } from '../support/daemon-set.js';
import type { DaemonProcess } from '../support/daemon-process.js';
import { http, type HttpAnswer } from '../support/http-client.js';
import { OWNER_PASSWORD, web } from '../support/owner.js';
import { waitFor } from '../support/wait-for.js';

const FREE_FAILURES = AUTH_CONSTANTS.RATE_FREE_FAILURES;
const WRONG_LOGIN = { password: 'not the password at all', totp: '123456' };

function loginAttempt(daemon: DaemonProcess, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return http(web(daemon), 'POST', '/api/auth/login', body, headers);
}

/** A well-formed code that is none of the codes the daemon would accept right now. */
function wrongTotp(secret: string): string {
  const step = totpStep(Date.now());
  const live = new Set([-2, -1, 0, 1, 2].map((d) => currentTotp(secret, (step + d) * 30_000)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!live.has(code)) return code;
  }
}

/** Fails from one client until the limiter answers 429, and returns that answer. */
async function lockOut(daemon: DaemonProcess, headersFor: (attempt: number) => Record<string, string>): Promise<HttpAnswer> {
  for (let attempt = 0; attempt < FREE_FAILURES; attempt++) {
    expect((await loginAttempt(daemon, WRONG_LOGIN, headersFor(attempt))).status).toBe(401);
  }
  return loginAttempt(daemon, WRONG_LOGIN, headersFor(FREE_FAILURES));
}

describe('login brute force', () => {
  const daemons = new DaemonSet();
  afterAll(() => daemons.destroyAll());

  it('answers repeated wrong logins with 429, Retry-After and a back-off that grows', async () => {
    const { daemon } = await daemons.startOwned();
    const first = await lockOut(daemon, () => ({}));
    expect(first.status).toBe(429);
    expect(first.json()).toMatchObject({ error: { code: 'rate_limited' } });
    const firstWait = Number(first.headers['retry-after']);
    expect(firstWait).toBeGreaterThanOrEqual(1);

    // The limiter has no event to wait for; a refused attempt changes nothing, so polling is harmless.
    await waitFor(async () => (await loginAttempt(daemon, WRONG_LOGIN)).status === 401, 'the back-off to let one attempt through', 20_000);
    const second = await loginAttempt(daemon, WRONG_LOGIN);
    expect(second.status).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(firstWait);
  });

  it('lets the owner log in from another address while an attacker behind the same proxy is held back', async () => {
    const { daemon, owner } = await daemons.startOwned({ args: ['--trust-proxy'] }, { 'x-forwarded-for': '198.51.100.7' });
    const attacker = { 'x-forwarded-for': '203.0.113.66' };
    expect((await lockOut(daemon, () => attacker)).status).toBe(429);

    const ownerLogin = await loginAttempt(daemon, { password: owner.password, totp: await owner.totp.fresh() }, { 'x-forwarded-for': '198.51.100.7' });
    expect(ownerLogin.status).toBe(200);
    expect((await loginAttempt(daemon, WRONG_LOGIN, attacker)).status).toBe(429);
  });

  it('keeps limiting an attacker who prepends forged addresses to X-Forwarded-For', async () => {
    const { daemon } = await daemons.startOwned({ args: ['--trust-proxy'] });
    // The proxy appends the address it saw; everything before it is whatever the client wrote.
    const refused = await lockOut(daemon, (n) => ({ 'x-forwarded-for': `10.9.8.${n}, 203.0.113.77` }));
    expect(refused.status).toBe(429);
  });

  it('keeps limiting an attacker whose address arrives in a second X-Forwarded-For header line', async () => {
    const { daemon } = await daemons.startOwned({ args: ['--trust-proxy'] });
    // Node sends an array as repeated header lines: the client's forged one, then the proxy's.
    const refused = await lockOut(daemon, (n) => ({ 'x-forwarded-for': [`10.9.7.${n}`, '203.0.113.78'] as unknown as string }));
    expect(refused.status).toBe(429);
  });

  it('writes one audit entry per lockout, not one per refused attempt (a flood cannot grow the log)', async () => {
    const { daemon } = await daemons.startOwned({ args: ['--trust-proxy'] });
    const attacker = { 'x-forwarded-for': '203.0.113.99' };
    expect((await lockOut(daemon, () => attacker)).status).toBe(429);
    for (let n = 0; n < 50; n++) expect((await loginAttempt(daemon, WRONG_LOGIN, attacker)).status).toBe(429);
    const entries = (await http(daemon, 'GET', '/api/audit?type=rate-limited')).json<Array<{ ip: string }>>();
    expect(entries.filter((e) => e.ip === '203.0.113.99')).toHaveLength(1);
  });

  it('ignores X-Forwarded-For without --trust-proxy, so rotating fake addresses does not escape the limiter', async () => {
    const { daemon, owner } = await daemons.startOwned();
    const refused = await lockOut(daemon, (n) => ({ 'x-forwarded-for': `192.0.2.${n + 1}` }));
    expect(refused.status).toBe(429);
    // Even the right credentials from a "new" forged address wait their turn: it is the same client.
    const forged = await loginAttempt(daemon, { password: owner.password, recoveryCode: owner.recoveryCodes[0] }, { 'x-forwarded-for': '198.51.100.200' });
    expect(forged.status).toBe(429);
  });

  it('gives one generic answer to a wrong password, a wrong code, a wrong recovery code and a daemon without owner', async () => {
    const { daemon, owner } = await daemons.startOwned({ args: ['--trust-proxy'] });
    const unowned = await daemons.start({ web: true });
    // A fresh address per attempt keeps the limiter out of the comparison.
    const from = (n: number) => ({ 'x-forwarded-for': `198.51.100.${n}` });
    const answers = [
      await loginAttempt(daemon, { password: 'wrong password entirely', totp: await owner.totp.fresh() }, from(1)),
      await loginAttempt(daemon, { password: OWNER_PASSWORD, totp: wrongTotp(owner.totp.secret) }, from(2)),
      await loginAttempt(daemon, { password: OWNER_PASSWORD, recoveryCode: 'aaaa-bbbb-cccc' }, from(3)),
      await loginAttempt(daemon, { password: 'wrong password entirely', recoveryCode: owner.recoveryCodes[0] }, from(4)),
      await loginAttempt(unowned, { password: OWNER_PASSWORD, totp: '123456' }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body.toString()).toBe(answers[0]!.body.toString());
    }
    expect(answers[0]!.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });
});
