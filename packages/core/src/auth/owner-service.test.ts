import { hash } from '@node-rs/argon2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { OwnerRepository } from '../storage/owner-repository.js';
import { OwnerService, type SetupStart } from './owner-service.js';
import { SecretBox } from './secret-box.js';
import { makeTempHome, type TempHome } from './test-support/temp-home.js';
import { currentTotp } from './totp.js';

const PASSWORD = 'correct horse battery';
const STEP = 30_000;
/** The start of a TOTP step, so adding less than 30 s stays within it. */
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % STEP);
const CLI = { actor: 'local-cli', ip: null } as const;
const WEB = { actor: 'anonymous', ip: '203.0.113.7' } as const;

let temp: TempHome;
let now: number;
let service: OwnerService;

beforeEach(async () => {
  temp = makeTempHome();
  now = T0;
  service = new OwnerService({ database: temp.database, secretBox: await SecretBox.open(temp.home), now: () => now });
});

afterEach(() => {
  temp.release();
});

async function errorOf(promiseOrFn: Promise<unknown> | (() => unknown)): Promise<CoreError> {
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (error) {
    expect(error).toBeInstanceOf(CoreError);
    return error as CoreError;
  }
  throw new Error('expected a throw');
}

/** Completes setup and returns what the owner was shown; the clock then sits one step later. */
async function setUp(): Promise<SetupStart> {
  const start = await service.beginSetup(PASSWORD, CLI);
  service.confirmSetup(currentTotp(start.secret, now), CLI);
  now += STEP;
  return start;
}

function auditTypes(): string[] {
  return service
    .listAudit({ limit: 1000 })
    .map((e) => e.type)
    .reverse();
}

describe('OwnerService setup', () => {
  it('reports nothing configured on a fresh home', () => {
    expect(service.status()).toEqual({ configured: false, totpConfirmed: false, recoveryCodesLeft: 0, passwordChangedAt: null });
  });

  it('returns a TOTP URI, its secret and ten recovery codes, and waits for confirmation', async () => {
    const start = await service.beginSetup(PASSWORD, CLI);
    expect(start.totpUri).toMatch(/^otpauth:\/\/totp\/CodePiper:owner\?/);
    expect(start.totpUri).toContain(`secret=${start.secret}`);
    expect(start.recoveryCodes).toHaveLength(10);
    expect(service.status()).toMatchObject({ configured: true, totpConfirmed: false, recoveryCodesLeft: 10 });
    expect(await service.verifyLogin({ password: PASSWORD, totp: currentTotp(start.secret, now) }, WEB)).toBe(false);
  });

  it('stores the password as argon2id with m=19456, t=2', async () => {
    await setUp();
    expect(new OwnerRepository(temp.database).get()?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('refuses a password below the policy before storing anything', async () => {
    const error = await errorOf(service.beginSetup('too short', CLI));
    expect(error.code).toBe('bad_request');
    expect(service.status().configured).toBe(false);
  });

  it('confirms with a code of the new secret and then allows logins', async () => {
    const start = await service.beginSetup(PASSWORD, CLI);
    expect((await errorOf(() => service.confirmSetup('000000', CLI))).code).toBe('unauthorized');
    service.confirmSetup(currentTotp(start.secret, now), CLI);
    expect(service.status()).toMatchObject({ configured: true, totpConfirmed: true });
    now += STEP;
    expect(await service.verifyLogin({ password: PASSWORD, totp: currentTotp(start.secret, now) }, WEB)).toBe(true);
  });

  it('replaces a pending setup when run again before confirmation', async () => {
    const first = await service.beginSetup(PASSWORD, CLI);
    const second = await service.beginSetup('another good password', CLI);
    expect(second.secret).not.toBe(first.secret);
    expect((await errorOf(() => service.confirmSetup(currentTotp(first.secret, now), CLI))).code).toBe('unauthorized');
    service.confirmSetup(currentTotp(second.secret, now), CLI);
    now += STEP;
    expect(await service.verifyLogin({ password: 'another good password', totp: currentTotp(second.secret, now) }, WEB)).toBe(true);
    expect(await service.verifyLogin({ password: 'another good password', recoveryCode: first.recoveryCodes[0]! }, WEB)).toBe(false);
  });

  it('refuses to set up again once confirmed', async () => {
    await setUp();
    expect((await errorOf(service.beginSetup('a brand new password', WEB))).code).toBe('conflict');
    expect((await errorOf(() => service.confirmSetup('123456', WEB))).code).toBe('conflict');
  });

  it('does not accept the confirmation code again for a login', async () => {
    const start = await service.beginSetup(PASSWORD, CLI);
    const code = currentTotp(start.secret, now);
    service.confirmSetup(code, CLI);
    expect(await service.verifyLogin({ password: PASSWORD, totp: code }, WEB)).toBe(false);
  });

  it('keeps the TOTP secret out of the database file in plaintext', async () => {
    const { secret } = await setUp();
    const bytes = temp.databaseBytes();
    // The sealed value is in the bytes searched, so the search would find a plaintext one too.
    expect(bytes.includes(Buffer.from(new OwnerRepository(temp.database).get()!.totpSecretEnc!))).toBe(true);
    expect(bytes.includes(Buffer.from(secret))).toBe(false);
    expect(bytes.includes(Buffer.from(secret.toLowerCase()))).toBe(false);
    temp.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(temp.databaseBytes().includes(Buffer.from(secret))).toBe(false);
  });
});

describe('OwnerService setup code', () => {
  it('accepts the issued code however it is typed and refuses others', () => {
    const code = service.issueSetupCode();
    expect(code).toMatch(/^(?:[0-9a-z]{4}-){3}[0-9a-z]{4}$/);
    expect(service.checkSetupCode(code)).toBe(true);
    expect(service.checkSetupCode(code.toUpperCase().replace(/-/g, ' '))).toBe(true);
    expect(service.checkSetupCode(code.slice(0, -1) + (code.endsWith('a') ? 'b' : 'a'))).toBe(false);
    expect(service.checkSetupCode('')).toBe(false);
  });

  it('refuses everything before a code is issued', () => {
    expect(service.checkSetupCode('0000-0000-0000-0000')).toBe(false);
  });

  it('stops working once setup is confirmed, and no new one is issued', async () => {
    const code = service.issueSetupCode();
    await setUp();
    expect(service.checkSetupCode(code)).toBe(false);
    expect((await errorOf(() => service.issueSetupCode())).code).toBe('conflict');
  });

  it('writes the outcome to the audit log when asked', () => {
    const code = service.issueSetupCode();
    service.checkSetupCode('wrong', WEB);
    service.checkSetupCode(code, WEB);
    expect(auditTypes()).toEqual(['setup-code-rejected', 'setup-code-used']);
  });
});

describe('OwnerService.verifyLogin', () => {
  it('accepts the password with the current code, once', async () => {
    const { secret } = await setUp();
    const code = currentTotp(secret, now);
    expect(await service.verifyLogin({ password: PASSWORD, totp: code }, WEB)).toBe(true);
    expect(await service.verifyLogin({ password: PASSWORD, totp: code }, WEB)).toBe(false);
    now += STEP;
    expect(await service.verifyLogin({ password: PASSWORD, totp: code }, WEB)).toBe(false);
  });

  it('refuses a code of an earlier step after a later one was used', async () => {
    const { secret } = await setUp();
    const earlier = currentTotp(secret, now);
    now += STEP;
    expect(await service.verifyLogin({ password: PASSWORD, totp: currentTotp(secret, now) }, WEB)).toBe(true);
    // `earlier` is still within the ±1 window, but older than the step just used.
    expect(await service.verifyLogin({ password: PASSWORD, totp: earlier }, WEB)).toBe(false);
  });

  it('refuses a wrong password even with the right code, without spending the code', async () => {
    const { secret } = await setUp();
    const code = currentTotp(secret, now);
    expect(await service.verifyLogin({ password: 'wrong password!', totp: code }, WEB)).toBe(false);
    expect(await service.verifyLogin({ password: PASSWORD, totp: code }, WEB)).toBe(true);
  });

  it('refuses a wrong code', async () => {
    const { secret } = await setUp();
    const code = currentTotp(secret, now);
    const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
    expect(await service.verifyLogin({ password: PASSWORD, totp: wrong }, WEB)).toBe(false);
  });

  it('accepts a recovery code once and counts it', async () => {
    const { recoveryCodes } = await setUp();
    const code = recoveryCodes[3]!;
    expect(await service.verifyLogin({ password: PASSWORD, recoveryCode: code.toUpperCase() }, WEB)).toBe(true);
    expect(service.status().recoveryCodesLeft).toBe(9);
    expect(await service.verifyLogin({ password: PASSWORD, recoveryCode: code }, WEB)).toBe(false);
    expect(auditTypes()).toContain('recovery-code-used');
  });

  it('does not use up a recovery code when the password is wrong', async () => {
    const { recoveryCodes } = await setUp();
    expect(await service.verifyLogin({ password: 'wrong password!', recoveryCode: recoveryCodes[0]! }, WEB)).toBe(false);
    expect(service.status().recoveryCodesLeft).toBe(10);
  });

  it('refuses everything when no owner exists, after a real argon2 verify', async () => {
    const started = performance.now();
    expect(await service.verifyLogin({ password: PASSWORD, totp: '123456' }, WEB)).toBe(false);
    // An argon2id verify at 19 MiB takes milliseconds; a shortcut would take microseconds.
    expect(performance.now() - started).toBeGreaterThan(2);
    expect(service.listAudit()[0]).toMatchObject({ type: 'login-failed', ip: '203.0.113.7', actor: 'anonymous', detail: { reason: 'not-set-up' } });
  });

  it('upgrades a hash made with weaker parameters on a successful login', async () => {
    const { secret } = await setUp();
    const repo = new OwnerRepository(temp.database);
    const weak = await hash(PASSWORD, { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    repo.rehashPassword(repo.get()!.passwordHash, weak, now);
    const changedAt = repo.get()!.passwordChangedAt;
    expect(await service.verifyLogin({ password: PASSWORD, totp: currentTotp(secret, now) }, WEB)).toBe(true);
    const stored = repo.get()!;
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored.passwordChangedAt).toBe(changedAt);
  });

  it('audits successes and failures with the caller’s address', async () => {
    const { secret } = await setUp();
    await service.verifyLogin({ password: 'nope nope nope', totp: '000000' }, WEB);
    await service.verifyLogin({ password: PASSWORD, totp: currentTotp(secret, now) }, WEB);
    const [success, failure] = service.listAudit({ limit: 2 });
    expect(success).toMatchObject({ type: 'login-succeeded', ip: '203.0.113.7', detail: { method: 'totp' } });
    expect(failure).toMatchObject({ type: 'login-failed', detail: { reason: 'password' } });
  });
});

describe('OwnerService password and authenticator changes', () => {
  it('changes the password given the current one and a code, ending other logins', async () => {
    const { secret } = await setUp();
    const mine = service.createLogin({ ip: '203.0.113.7', userAgent: 'phone' });
    const other = service.createLogin({ ip: '198.51.100.1', userAgent: 'laptop' });
    now += 1000;
    const result = await service.changePassword(PASSWORD, 'a new good password', currentTotp(secret, now), { actor: 'owner', loginId: mine.id });
    expect(result.revokedLogins).toEqual([other.id]);
    expect(service.authenticateLogin(mine.token)?.id).toBe(mine.id);
    expect(service.authenticateLogin(other.token)).toBeUndefined();
    expect(service.status().passwordChangedAt).toBe(new Date(now).toISOString());
    now += STEP;
    expect(await service.verifyLogin({ password: PASSWORD, totp: currentTotp(secret, now) }, WEB)).toBe(false);
    expect(await service.verifyLogin({ password: 'a new good password', totp: currentTotp(secret, now) }, WEB)).toBe(true);
  });

  it('refuses a password change with a wrong current password or code', async () => {
    const { secret } = await setUp();
    expect((await errorOf(service.changePassword('wrong password!', 'a new good password', currentTotp(secret, now), { actor: 'owner' }))).code).toBe(
      'unauthorized',
    );
    expect((await errorOf(service.changePassword(PASSWORD, 'a new good password', '000000', { actor: 'owner' }))).code).toBe('unauthorized');
    expect((await errorOf(service.changePassword(PASSWORD, 'short', currentTotp(secret, now), { actor: 'owner' }))).code).toBe('bad_request');
    now += STEP;
    expect(await service.verifyLogin({ password: PASSWORD, totp: currentTotp(secret, now) }, WEB)).toBe(true);
  });

  it('resets the password from the local CLI without the old one, ending every login', async () => {
    const { secret } = await setUp();
    const login = service.createLogin({});
    const result = await service.resetPassword('reset to this one', CLI);
    expect(result.revokedLogins).toEqual([login.id]);
    expect(await service.verifyLogin({ password: 'reset to this one', totp: currentTotp(secret, now) }, WEB)).toBe(true);
    expect(auditTypes()).toContain('password-reset');
  });

  it('replaces the authenticator only once a code of the new one is confirmed', async () => {
    const { secret: oldSecret } = await setUp();
    const login = service.createLogin({});
    const { secret: newSecret, totpUri } = service.beginTotpReset(CLI);
    expect(totpUri).toContain(newSecret);
    // Until confirmed, the old authenticator still works.
    expect(await service.verifyLogin({ password: PASSWORD, totp: currentTotp(oldSecret, now) }, WEB)).toBe(true);
    now += STEP;
    expect((await errorOf(() => service.confirmTotpReset(currentTotp(oldSecret, now), CLI))).code).toBe('unauthorized');
    expect(service.confirmTotpReset(currentTotp(newSecret, now), CLI)).toEqual({ revokedLogins: [login.id] });
    now += STEP;
    expect(await service.verifyLogin({ password: PASSWORD, totp: currentTotp(oldSecret, now) }, WEB)).toBe(false);
    expect(await service.verifyLogin({ password: PASSWORD, totp: currentTotp(newSecret, now) }, WEB)).toBe(true);
  });

  it('confirms a new authenticator within the same 30 s step as the last login, and only once', async () => {
    const { secret: oldSecret } = await setUp();
    expect(await service.verifyLogin({ password: PASSWORD, totp: currentTotp(oldSecret, now) }, WEB)).toBe(true);
    const { secret: newSecret } = service.beginTotpReset(CLI);
    const code = currentTotp(newSecret, now);
    expect(service.confirmTotpReset(code, CLI)).toEqual({ revokedLogins: [] });
    expect((await errorOf(() => service.confirmTotpReset(code, CLI))).code).not.toBe(undefined);
    // The confirmation code is spent: it cannot log in either.
    expect(await service.verifyLogin({ password: PASSWORD, totp: code }, WEB)).toBe(false);
  });

  it('replaces every recovery code on regeneration', async () => {
    const { recoveryCodes: old } = await setUp();
    await service.verifyLogin({ password: PASSWORD, recoveryCode: old[0]! }, WEB);
    const fresh = service.regenerateRecoveryCodes({ actor: 'owner' });
    expect(service.status().recoveryCodesLeft).toBe(10);
    expect(await service.verifyLogin({ password: PASSWORD, recoveryCode: old[1]! }, WEB)).toBe(false);
    expect(await service.verifyLogin({ password: PASSWORD, recoveryCode: fresh[0]! }, WEB)).toBe(true);
  });

  it('refuses credential changes before setup', async () => {
    expect((await errorOf(service.resetPassword('reset to this one', CLI))).code).toBe('conflict');
    expect((await errorOf(() => service.beginTotpReset(CLI))).code).toBe('conflict');
    expect((await errorOf(() => service.regenerateRecoveryCodes(CLI))).code).toBe('conflict');
    expect((await errorOf(() => service.createLogin({}))).code).toBe('conflict');
  });

  it('writes each change to the audit log', async () => {
    const { secret } = await setUp();
    await service.changePassword(PASSWORD, 'a new good password', currentTotp(secret, now), { actor: 'owner' });
    service.regenerateRecoveryCodes({ actor: 'owner' });
    expect(auditTypes()).toEqual(['setup', 'setup', 'password-changed', 'recovery-codes-regenerated']);
  });
});
