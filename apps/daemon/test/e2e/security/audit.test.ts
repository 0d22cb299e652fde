import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '@codepiper/protocol';
import { DaemonSet } from '../support/daemon-set.js';
import type { DaemonProcess } from '../support/daemon-process.js';
import { http } from '../support/http-client.js';
import { dashboardOrigin, login, OWNER_PASSWORD, printedSetupCode, setCookieHeader, setUpOwner, web, type Owner } from '../support/owner.js';

/** Every action comes from its own address (through a trusted proxy), so the log must say which. */
const ip = (n: number): string => `198.51.100.${n}`;
const from = (n: number): Record<string, string> => ({ 'x-forwarded-for': ip(n) });

describe('audit log', () => {
  const daemons = new DaemonSet();
  let daemon: DaemonProcess;
  let owner: Owner;
  let entries: AuditEntry[];
  let createdTokenId: string;
  let revokedLoginId: string;
  let loggedOutLoginId: string;
  const secrets: string[] = [];

  beforeAll(async () => {
    daemon = await daemons.start({ web: true, args: ['--trust-proxy'] });
    const setupCode = printedSetupCode(daemon);
    secrets.push(setupCode, OWNER_PASSWORD);
    await http(web(daemon), 'POST', '/api/auth/setup', { setupCode: 'WRONG-CODE', password: OWNER_PASSWORD }, from(9));
    owner = await setUpOwner(daemon, from(10));
    secrets.push(owner.totp.secret, ...owner.recoveryCodes);

    await http(web(daemon), 'POST', '/api/auth/login', { password: 'a wrong password', totp: '123456' }, from(11));
    const { cookie, loginId } = await login(daemon, owner, from(12));
    loggedOutLoginId = loginId;
    const page = (n: number) => ({ ...from(n), cookie, origin: dashboardOrigin(daemon) });

    const created = await http(web(daemon), 'POST', '/api/auth/tokens', { name: 'audited' }, page(13));
    const token = created.json<{ id: string; token: string }>();
    createdTokenId = token.id;
    secrets.push(token.token);
    expect((await http(web(daemon), 'DELETE', `/api/auth/tokens/${token.id}`, undefined, page(14))).status).toBe(200);

    revokedLoginId = (await login(daemon, owner, from(12))).loginId;
    expect((await http(web(daemon), 'DELETE', `/api/auth/logins/${revokedLoginId}`, undefined, page(15))).status).toBe(200);
    await login(daemon, owner, from(12));
    expect((await http(web(daemon), 'POST', '/api/auth/logins/revoke-all', {}, page(16))).status).toBe(200);
    const loggedOut = await http(web(daemon), 'POST', '/api/auth/logout', {}, page(17));
    expect(loggedOut.status).toBe(200);
    expect(setCookieHeader(loggedOut)).toMatch(/codepiper_login=;.*Max-Age=0/i);

    entries = (await http(daemon, 'GET', '/api/audit?limit=1000')).json<AuditEntry[]>();
  });

  afterAll(() => daemons.destroyAll());

  const find = (type: string, match: (e: AuditEntry) => boolean = () => true) => entries.filter((e) => e.type === type && match(e));

  it('records setup, with the address it came from, and the rejected setup code', () => {
    expect(find('setup-code-rejected', (e) => e.ip === ip(9))).toHaveLength(1);
    expect(find('setup-code-used', (e) => e.ip === ip(10)).length).toBeGreaterThanOrEqual(1);
    const setup = find('setup', (e) => e.ip === ip(10));
    expect(setup.map((e) => (e.detail as { stage: string }).stage).sort()).toEqual(['begun', 'confirmed']);
  });

  it('records a failed login with its address and a successful one with its own', () => {
    expect(find('login-failed', (e) => e.ip === ip(11))).toEqual([expect.objectContaining({ actor: 'anonymous', detail: expect.objectContaining({ reason: 'password' }) })]);
    expect(find('login-succeeded', (e) => e.ip === ip(12)).length).toBe(3);
    expect(find('recovery-code-used', (e) => e.ip === ip(12)).length).toBe(3);
  });

  it('records token creation and revocation by the owner, with addresses', () => {
    expect(find('token-created', (e) => e.ip === ip(13))).toEqual([expect.objectContaining({ actor: 'owner', detail: expect.objectContaining({ tokenId: createdTokenId, name: 'audited' }) })]);
    expect(find('token-revoked', (e) => e.ip === ip(14))).toEqual([expect.objectContaining({ actor: 'owner', detail: expect.objectContaining({ tokenId: createdTokenId }) })]);
  });

  it('records ended logins: one revoked, all revoked, and a logout', () => {
    expect(find('login-revoked', (e) => e.ip === ip(15))).toEqual([expect.objectContaining({ actor: 'owner', detail: expect.objectContaining({ loginId: revokedLoginId }) })]);
    expect(find('logins-revoked', (e) => e.ip === ip(16))).toEqual([expect.objectContaining({ actor: 'owner', detail: expect.objectContaining({ count: 2 }) })]);
    expect(find('logout', (e) => e.ip === ip(17))).toEqual([expect.objectContaining({ detail: expect.objectContaining({ loginId: loggedOutLoginId }) })]);
  });

  it('keeps passwords, codes and tokens out of the log', () => {
    const text = JSON.stringify(entries);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('filters by type', async () => {
    const failed = (await http(daemon, 'GET', '/api/audit?type=login-failed')).json<AuditEntry[]>();
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((e) => e.type === 'login-failed')).toBe(true);
  });
});
