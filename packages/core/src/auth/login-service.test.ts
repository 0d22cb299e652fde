import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { hashToken } from './tokens.js';
import { OwnerService } from './owner-service.js';
import { SecretBox } from './secret-box.js';
import { makeTempHome, type TempHome } from './test-support/temp-home.js';
import { currentTotp } from './totp.js';

const T0 = Date.parse('2026-06-01T00:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const OWNER = { actor: 'owner', ip: '203.0.113.7' } as const;

let temp: TempHome;
let now: number;
let service: OwnerService;

beforeEach(async () => {
  temp = makeTempHome();
  now = T0;
  service = new OwnerService({ database: temp.database, secretBox: await SecretBox.open(temp.home), now: () => now });
  const start = await service.beginSetup('correct horse battery', { actor: 'local-cli' });
  service.confirmSetup(currentTotp(start.secret, now), { actor: 'local-cli' });
});

afterEach(() => {
  temp.release();
});

describe('OwnerService browser logins', () => {
  it('creates a login whose token authenticates it', () => {
    const login = service.createLogin({ ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (iPhone)' });
    expect(login.id).toMatch(/^[0-9a-f]{8}$/);
    expect(login.token).toMatch(/^cpl_[A-Za-z0-9_-]{43}$/);
    expect(login.expiresAt).toBe(new Date(T0 + 30 * DAY).toISOString());
    expect(service.authenticateLogin(login.token)).toMatchObject({ id: login.id, ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (iPhone)' });
  });

  it('refuses unknown, malformed and API tokens', () => {
    service.createLogin({});
    expect(service.authenticateLogin('cpl_' + 'A'.repeat(43))).toBeUndefined();
    expect(service.authenticateLogin('not a token')).toBeUndefined();
    const api = service.createApiToken({ name: 'ci' }, OWNER);
    expect(service.authenticateLogin(api.token)).toBeUndefined();
  });

  it('ends a login left idle for seven days', () => {
    const login = service.createLogin({});
    expect(service.authenticateLogin(login.token, T0 + 7 * DAY - 1)).toBeDefined();
    const idle = service.createLogin({});
    expect(service.authenticateLogin(idle.token, T0 + 7 * DAY)).toBeUndefined();
  });

  it('keeps an active login alive past seven days, but not past thirty', () => {
    const login = service.createLogin({});
    for (let day = 6; day < 30; day += 6) expect(service.authenticateLogin(login.token, T0 + day * DAY)).toBeDefined();
    expect(service.authenticateLogin(login.token, T0 + 30 * DAY - 1)).toBeDefined();
    expect(service.authenticateLogin(login.token, T0 + 30 * DAY)).toBeUndefined();
  });

  it('stores only the hash of a login token', () => {
    const login = service.createLogin({});
    const bytes = temp.databaseBytes();
    expect(bytes.includes(Buffer.from(login.token))).toBe(false);
    expect(bytes.includes(Buffer.from(login.token.slice(4)))).toBe(false);
    expect(bytes.includes(Buffer.from(hashToken(login.token)))).toBe(true);
  });

  it('revokes every login except the current one', () => {
    const current = service.createLogin({});
    const others = [service.createLogin({}), service.createLogin({})];
    const revoked = service.revokeAllLogins({ except: current.id }, OWNER);
    expect(revoked).toEqual(others.map((l) => l.id).sort());
    expect(service.authenticateLogin(current.token)).toBeDefined();
    for (const other of others) expect(service.authenticateLogin(other.token)).toBeUndefined();
    expect(service.listLogins().map((l) => l.id)).toEqual([current.id]);
    expect(service.listAudit()[0]).toMatchObject({ type: 'logins-revoked', actor: 'owner', detail: { count: 2, except: current.id } });
  });

  it('revokes one login by id, and says so when there is none', () => {
    const login = service.createLogin({});
    service.revokeLogin(login.id, OWNER);
    expect(service.authenticateLogin(login.token)).toBeUndefined();
    let error: unknown;
    try {
      service.revokeLogin(login.id, OWNER);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('not_found');
  });

  it('logs out the caller’s login', () => {
    const login = service.createLogin({});
    service.logout(login.id, OWNER);
    expect(service.authenticateLogin(login.token)).toBeUndefined();
    expect(service.listAudit()[0]).toMatchObject({ type: 'logout', detail: { loginId: login.id } });
  });

  it('cuts an oversized user agent', () => {
    const login = service.createLogin({ userAgent: 'x'.repeat(5000) });
    expect(service.authenticateLogin(login.token)?.userAgent).toHaveLength(512);
  });
});

describe('OwnerService API tokens', () => {
  it('creates a token that authenticates, returned once and stored only as a hash', () => {
    const created = service.createApiToken({ name: 'ci runner', readOnly: true }, OWNER);
    expect(created).toMatchObject({ name: 'ci runner', readOnly: true });
    expect(created.token).toMatch(/^cpt_[A-Za-z0-9_-]{43}$/);
    expect(service.authenticateApiToken(created.token)).toMatchObject({ id: created.id, readOnly: true });
    expect(temp.databaseBytes().includes(Buffer.from(created.token))).toBe(false);
    expect(service.listApiTokens().map((t) => t.name)).toEqual(['ci runner']);
    expect(service.listAudit()[0]).toMatchObject({ type: 'token-created', detail: { tokenId: created.id, name: 'ci runner', readOnly: true } });
  });

  it('records when a token was last used', () => {
    const created = service.createApiToken({ name: 'ci' }, OWNER);
    now += 5000;
    service.authenticateApiToken(created.token);
    expect(service.listApiTokens()[0]?.lastUsedAt).toBe(new Date(now).toISOString());
  });

  it('refuses a second token with the same name, and a bad name', () => {
    service.createApiToken({ name: 'ci' }, OWNER);
    expect(() => service.createApiToken({ name: 'ci' }, OWNER)).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => service.createApiToken({ name: 'bad\nname' }, OWNER)).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });

  it('revokes by name or id, after which the token no longer works', () => {
    const a = service.createApiToken({ name: 'a' }, OWNER);
    const b = service.createApiToken({ name: 'b' }, OWNER);
    expect(service.revokeApiToken('a', OWNER).revokedAt).not.toBeNull();
    service.revokeApiToken(b.id, OWNER);
    expect(service.authenticateApiToken(a.token)).toBeUndefined();
    expect(service.authenticateApiToken(b.token)).toBeUndefined();
    expect(service.listApiTokens()).toEqual([]);
    expect(() => service.revokeApiToken('a', OWNER)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(service.createApiToken({ name: 'a' }, OWNER).name).toBe('a');
  });
});
