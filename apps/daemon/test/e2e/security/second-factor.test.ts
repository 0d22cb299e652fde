import { afterAll, describe, expect, it } from 'vitest';
import { DaemonSet } from '../support/daemon-set.js';
import type { DaemonProcess } from '../support/daemon-process.js';
import { http, type HttpAnswer } from '../support/http-client.js';
import { web } from '../support/owner.js';

function loginWith(daemon: DaemonProcess, body: unknown): Promise<HttpAnswer> {
  return http(web(daemon), 'POST', '/api/auth/login', body);
}

describe('second factor', () => {
  const daemons = new DaemonSet();
  afterAll(() => daemons.destroyAll());

  // Each attack gets its own daemon: a used TOTP step stays used, and only three steps are live.

  it('rejects a replayed TOTP code', async () => {
    const { daemon, owner } = await daemons.startOwned();
    const code = await owner.totp.fresh();
    expect((await loginWith(daemon, { password: owner.password, totp: code })).status).toBe(200);
    const replay = await loginWith(daemon, { password: owner.password, totp: code });
    expect(replay.status).toBe(401);
    expect(replay.headers['set-cookie']).toBeUndefined();
  });

  it('rejects a code from an older step once a newer one was used', async () => {
    const { daemon, owner } = await daemons.startOwned();
    const older = await owner.totp.fresh();
    const newer = await owner.totp.fresh();
    expect((await loginWith(daemon, { password: owner.password, totp: newer })).status).toBe(200);
    const stale = await loginWith(daemon, { password: owner.password, totp: older });
    expect(stale.status).toBe(401);
    expect(stale.headers['set-cookie']).toBeUndefined();
  });

  it('accepts a recovery code once and rejects it the second time', async () => {
    const { daemon, owner } = await daemons.startOwned();
    const [code, another] = owner.recoveryCodes;
    expect((await loginWith(daemon, { password: owner.password, recoveryCode: code })).status).toBe(200);
    const reused = await loginWith(daemon, { password: owner.password, recoveryCode: code });
    expect(reused.status).toBe(401);
    // Typed differently (upper case, no dashes) it is still the same spent code.
    expect((await loginWith(daemon, { password: owner.password, recoveryCode: code!.replace(/-/g, '').toUpperCase() })).status).toBe(401);
    expect((await loginWith(daemon, { password: owner.password, recoveryCode: another })).status).toBe(200);
  });

  it('does not spend a recovery code on a login whose password is wrong', async () => {
    const { daemon, owner } = await daemons.startOwned();
    const [code] = owner.recoveryCodes;
    expect((await loginWith(daemon, { password: 'someone guessing', recoveryCode: code })).status).toBe(401);
    expect((await loginWith(daemon, { password: owner.password, recoveryCode: code })).status).toBe(200);
  });
});
