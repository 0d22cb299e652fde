import { afterAll, describe, expect, it } from 'vitest';
import { AUTH_CONSTANTS } from '@codepiper/core';
import { DaemonSet } from '../support/daemon-set.js';
import { http } from '../support/http-client.js';
import { OWNER_PASSWORD, printedSetupCode, setUpOwner, web } from '../support/owner.js';

/** The printed code with one character changed: the closest miss an attacker could make. */
function nearMiss(code: string): string {
  const index = code.search(/[A-Z0-9]/i);
  const swapped = code[index] === 'A' ? 'B' : 'A';
  return `${code.slice(0, index)}${swapped}${code.slice(index + 1)}`;
}

describe('first-run setup', () => {
  const daemons = new DaemonSet();
  afterAll(() => daemons.destroyAll());

  it('refuses setup without the setup code or with a wrong one', async () => {
    const daemon = await daemons.start({ web: true });
    const code = printedSetupCode(daemon);
    const attempts = [
      await http(web(daemon), 'POST', '/api/auth/setup', { password: OWNER_PASSWORD }),
      await http(web(daemon), 'POST', '/api/auth/setup', { setupCode: nearMiss(code), password: OWNER_PASSWORD }),
      await http(web(daemon), 'POST', '/api/auth/setup', { setupCode: 'AAAA-AAAA-AAAA-AAAA', password: OWNER_PASSWORD }),
      await http(web(daemon), 'POST', '/api/auth/setup/confirm', { totp: '123456' }),
    ];
    for (const answer of attempts) {
      expect(answer.status).toBe(403);
      expect(answer.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect((await http(web(daemon), 'GET', '/api/auth/status')).json()).toMatchObject({ configured: false, totpConfirmed: false });
  });

  it('rate limits guessing the setup code, while the owner on another address can still set up', async () => {
    const daemon = await daemons.start({ web: true, args: ['--trust-proxy'] });
    const code = printedSetupCode(daemon);
    const attacker = { 'x-forwarded-for': '203.0.113.9' };
    for (let n = 0; n < AUTH_CONSTANTS.RATE_FREE_FAILURES; n++) {
      expect((await http(web(daemon), 'POST', '/api/auth/setup', { setupCode: `GUESS-${n}`, password: OWNER_PASSWORD }, attacker)).status).toBe(403);
    }
    const limited = await http(web(daemon), 'POST', '/api/auth/setup', { setupCode: 'GUESS-X', password: OWNER_PASSWORD }, attacker);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Held back before the code is even looked at: a lucky guess now would not be recognised.
    expect((await http(web(daemon), 'POST', '/api/auth/setup', { setupCode: code, password: OWNER_PASSWORD }, attacker)).status).toBe(429);
    expect((await http(web(daemon), 'POST', '/api/auth/setup/confirm', { setupCode: code, totp: '123456' }, attacker)).status).toBe(429);

    await setUpOwner(daemon, { 'x-forwarded-for': '198.51.100.3' });
    expect((await http(web(daemon), 'GET', '/api/auth/status')).json()).toMatchObject({ totpConfirmed: true });
  });

  it('refuses setup once the owner is confirmed, even with the printed code', async () => {
    const daemon = await daemons.start({ web: true, args: ['--trust-proxy'] });
    const code = printedSetupCode(daemon);
    const owner = await setUpOwner(daemon, { 'x-forwarded-for': '198.51.100.4' });
    const from = { 'x-forwarded-for': '198.51.100.5' };
    const again = await http(web(daemon), 'POST', '/api/auth/setup', { setupCode: code, password: 'the attackers new password' }, from);
    expect([403, 409]).toContain(again.status);
    expect(again.json<{ secret?: string }>().secret).toBeUndefined();
    const confirm = await http(web(daemon), 'POST', '/api/auth/setup/confirm', { setupCode: code, totp: '123456' }, from);
    expect([403, 409]).toContain(confirm.status);
    expect(confirm.headers['set-cookie']).toBeUndefined();
    // The owner's password is untouched, and the attacker's does not work.
    expect((await http(web(daemon), 'POST', '/api/auth/login', { password: 'the attackers new password', recoveryCode: owner.recoveryCodes[0] }, from)).status).toBe(401);
    expect((await http(web(daemon), 'POST', '/api/auth/login', { password: owner.password, recoveryCode: owner.recoveryCodes[0] }, from)).status).toBe(200);
  });
});
