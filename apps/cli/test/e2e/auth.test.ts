import type { ApiTokenInfo, AuditEntry, AuthStatusResponse, LoginInfo, SetupBeginResponse } from '@codepiper/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserLogin, httpCall } from './support/browser-login.js';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { runCli, runCliJson, stderrLines, type CliResult } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';
import { totpCode, wrongCode } from './support/totp.js';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a different long password';
const RECOVERY_CODE = /^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/;

function expectOneLineFailure(result: CliResult, exitCode: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(exitCode);
  expect(stderrLines(result)).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

describe('owner setup and logins over the unix socket', () => {
  let home: string;
  let daemon: DaemonProcess;
  let webUrl: string;
  let setup: SetupBeginResponse;
  /** Recovery codes not used yet by a test: each logs in once. */
  const unusedCodes: string[] = [];
  const cli = (args: string[], input?: string) => runCli(args, { home, ...(input !== undefined ? { input } : {}) });
  const json = <T>(args: string[], input?: string) => runCliJson<T>(args, { home, ...(input !== undefined ? { input } : {}) });

  beforeAll(async () => {
    home = makeTempDir();
    daemon = await startDaemonProcess(home, { web: true });
    webUrl = daemon.webUrl!;
  });

  afterAll(async () => {
    await daemon?.stop();
    removeTempDir(home);
  });

  it('auth status reports that no owner is set up yet', async () => {
    expect(await json<AuthStatusResponse>(['auth', 'status', '--json'])).toEqual({ configured: false, totpConfirmed: false, setupRequired: true, authenticated: true, recoveryCodesLeft: 0 });
    const human = await cli(['auth', 'status']);
    expect(human.stdout).toBe('no owner set up yet: run "codepiper auth setup" on the daemon\'s machine\n');
  });

  it('setup refuses a password under 10 characters before anything changes', async () => {
    expectOneLineFailure(await cli(['auth', 'setup', '--password-stdin', '--json'], 'too-short\n'), 1, /^codepiper: a password needs at least 10 characters$/m);
    expect((await json<AuthStatusResponse>(['auth', 'status', '--json'])).configured).toBe(false);
  });

  it('setup --password-stdin --json prints the enrolment and stops short of confirming', async () => {
    setup = await json<SetupBeginResponse>(['auth', 'setup', '--password-stdin', '--json'], `${PASSWORD}\n`);
    expect(setup.totpUri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(setup.totpUri).toContain(`secret=${setup.secret}`);
    expect(setup.recoveryCodes).toHaveLength(10);
    for (const code of setup.recoveryCodes) expect(code).toMatch(RECOVERY_CODE);
    unusedCodes.push(...setup.recoveryCodes);
    expect(await json<AuthStatusResponse>(['auth', 'status', '--json'])).toEqual({ configured: true, totpConfirmed: false, setupRequired: true, authenticated: true, recoveryCodesLeft: 10 });
  });

  it('auth confirm refuses a wrong code and a malformed one, then accepts the authenticator code', async () => {
    const code = totpCode(setup.secret);
    expectOneLineFailure(await cli(['auth', 'confirm', wrongCode(code)]), 1, /^codepiper: that code is not right/);
    expectOneLineFailure(await cli(['auth', 'confirm', '12345']), 2, /^codepiper: an authenticator code is 6 digits/);
    const confirmed = await cli(['auth', 'confirm', code]);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toBe('Authenticator confirmed: the owner is set up.\n');
    expect(await json<AuthStatusResponse>(['auth', 'status', '--json'])).toEqual({ configured: true, totpConfirmed: true, setupRequired: false, authenticated: true, recoveryCodesLeft: 10 });
    expect((await cli(['auth', 'status'])).stdout).toMatch(/^owner set up/);
  });

  it('a second setup fails with exit 1 and points at the reset commands', async () => {
    const result = await cli(['auth', 'setup', '--password-stdin'], `${PASSWORD}\n`);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('codepiper: an owner is already set up; use codepiper auth reset-password / reset-totp\n');
  });

  it('auth logins lists browser logins; revoke ends one (its cookie stops working) and revoke-all the rest', async () => {
    const first = await browserLogin(webUrl, PASSWORD, unusedCodes.shift()!, 'e2e-browser/first');
    const second = await browserLogin(webUrl, PASSWORD, unusedCodes.shift()!, 'e2e-browser/second');
    expect([first.status, second.status]).toEqual([200, 200]);
    const { loginId } = JSON.parse(first.body) as { loginId: string };

    const logins = await json<LoginInfo[]>(['auth', 'logins', '--json']);
    expect(logins.map((l) => l.userAgent).sort()).toEqual(['e2e-browser/first', 'e2e-browser/second']);
    const table = await cli(['auth', 'logins']);
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+CREATED\s+LAST SEEN\s+IP\s+USER AGENT$/);
    expect(table.stdout).toMatch(new RegExp(`^${loginId}\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+\\d+s ago\\s+127\\.0\\.0\\.1\\s+e2e-browser/first$`, 'm'));

    expect((await httpCall(`${webUrl}/api/sessions`, { cookie: first.cookie! })).status).toBe(200);
    const revoked = await cli(['auth', 'revoke', loginId]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toBe(`revoked login ${loginId}\n`);
    expect((await httpCall(`${webUrl}/api/sessions`, { cookie: first.cookie! })).status).toBe(401);
    expectOneLineFailure(await cli(['auth', 'revoke', loginId]), 1, /^codepiper: no active login with id \w+ \(list logins with "codepiper auth logins"\)$/m);

    const all = await cli(['auth', 'revoke-all']);
    expect(all.stdout).toBe('1 browser login ended\n');
    expect((await httpCall(`${webUrl}/api/sessions`, { cookie: second.cookie! })).status).toBe(401);
    expect((await cli(['auth', 'logins'])).stdout).toBe('no active browser logins\n');
  });

  it('auth recovery-codes replaces every code: an old one stops working, a new one logs in', async () => {
    const result = await cli(['auth', 'recovery-codes']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Save them somewhere safe now/);
    const codes = result.stdout.split('\n').map((line) => line.trim()).filter((line) => RECOVERY_CODE.test(line));
    expect(codes).toHaveLength(10);
    expect((await browserLogin(webUrl, PASSWORD, unusedCodes.shift()!)).status).toBe(401);
    expect((await browserLogin(webUrl, PASSWORD, codes[0]!)).status).toBe(200);
    unusedCodes.splice(0, unusedCodes.length, ...codes.slice(1));
  });

  it('auth reset-password --password-stdin sets a new password and ends every login', async () => {
    const result = await cli(['auth', 'reset-password', '--password-stdin'], `${NEW_PASSWORD}\n`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('password changed; 1 browser login ended\n');
    expect((await browserLogin(webUrl, PASSWORD, unusedCodes[0]!)).status).toBe(401);
    expect((await browserLogin(webUrl, NEW_PASSWORD, unusedCodes.shift()!)).status).toBe(200);
  });

  it('auth reset-totp --json prints a new secret and confirm-totp switches to it', async () => {
    const enrolment = await json<{ totpUri: string; secret: string }>(['auth', 'reset-totp', '--json']);
    expect(enrolment.secret).not.toBe(setup.secret);
    expect(enrolment.totpUri).toContain(`secret=${enrolment.secret}`);
    // A code is single use per 30 s step, and setup's confirmation may have used this step: take the next one.
    const code = totpCode(enrolment.secret, Date.now() + 30_000);
    const result = await cli(['auth', 'confirm-totp', code]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('New authenticator confirmed; 1 browser login ended.\n');
    expectOneLineFailure(await cli(['auth', 'confirm-totp', code]), 1, /^codepiper: no authenticator reset is in progress/);
  });

  it('the commands that need the local owner refuse --url with exit 2', async () => {
    const remote = ['--url', webUrl];
    for (const args of [['auth', 'setup'], ['auth', 'confirm', '123456'], ['auth', 'reset-password'], ['auth', 'reset-totp'], ['auth', 'confirm-totp', '123456'], ['auth', 'recovery-codes'], ['daemon']]) {
      const result = await runCli([...args, ...remote], { home, env: { CODEPIPER_TOKEN: 'cpt_unused' } });
      const name = args.filter((word) => !/^\d+$/.test(word)).join(' ');
      expectOneLineFailure(result, 2, new RegExp(`^codepiper: "codepiper ${name}" runs only on the daemon's machine, over its unix socket: run it there, without --url`));
    }
    const viaEnv = await runCli(['auth', 'setup'], { home, env: { CODEPIPER_URL: webUrl } });
    expectOneLineFailure(viaEnv, 2, /without CODEPIPER_URL/);
  });

  it('audit lists setup and token events, newest first, filtered by --type and cut by --limit', async () => {
    const created = await cli(['token', 'create', '--name', 'audit-check', '--read-only']);
    expect(created.code, created.stderr).toBe(0);
    const tokens = await json<ApiTokenInfo[]>(['token', 'list', '--json']);
    const token = tokens.find((t) => t.name === 'audit-check')!;
    expect(token.readOnly).toBe(true);

    const entries = await json<AuditEntry[]>(['audit', '--json']);
    expect(entries[0]).toMatchObject({ type: 'token-created', actor: 'local-cli', detail: { tokenId: token.id, name: 'audit-check', readOnly: true } });
    const setupStages = entries.filter((e) => e.type === 'setup').map((e) => (e.detail as { stage: string }).stage);
    expect(setupStages).toEqual(['confirmed', 'begun']);
    expect(entries.map((e) => e.type)).toEqual(expect.arrayContaining(['login-succeeded', 'login-revoked', 'logins-revoked', 'password-reset', 'totp-reset', 'recovery-codes-regenerated']));

    const onlySetup = await json<AuditEntry[]>(['audit', '--json', '--type', 'setup']);
    expect(onlySetup.map((e) => e.type)).toEqual(['setup', 'setup']);
    expect(await json<AuditEntry[]>(['audit', '--json', '--limit', '1'])).toHaveLength(1);

    const table = await cli(['audit', '--limit', '1']);
    expect(table.stdout.split('\n')).toEqual([
      expect.stringMatching(/^AT\s+TYPE\s+ACTOR\s+IP\s+DETAIL$/),
      expect.stringMatching(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+token-created\\s+local-cli\\s+local\\s+tokenId=${token.id} name=audit-check readOnly=true$`)),
      '',
    ]);
    expectOneLineFailure(await cli(['audit', '--limit', '5000']), 2, /--limit is at most 1000, got 5000/);
  });
});
