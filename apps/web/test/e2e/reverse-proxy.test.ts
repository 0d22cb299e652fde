import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditEntry, Session } from '@codepiper/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSelfSignedCert, spkiFingerprint, type Certificate } from './support/certificate';
import { cli, follow, remoteCli, type Follower } from './support/cli';
import { destroyHome, makeHome, startDaemon, type Daemon } from './support/daemon';
import { collectErrors, DESKTOP, launchChromium, layoutProblems, PHONE, waitForTerminalText, type Browser, type BrowserContext, type Page } from './support/browser';
import { httpsCall } from './support/https-call';
import { NGINX, nginxAvailable, nginxSiteFromDocs, startNginx, type Nginx } from './support/nginx';
import { TotpSource } from './support/totp';

const SCREENSHOTS = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));
const PASSWORD = 'a long enough proxy passphrase';
/** The name the owner gives the dashboard (`--public-host`); `.test` is reserved, so it can only mean this. */
const SERVER_NAME = 'codepiper.test';

// CI installs nginx (.ci/run), so a missing nginx there is a broken environment, not a reason to skip.
if (!nginxAvailable() && process.env.CI) {
  describe('reverse proxy', () => {
    it('finds nginx installed', () => {
      throw new Error(`${NGINX} is missing; CI must install nginx`);
    });
  });
}

/**
 * Debian's nginx in front of the daemon, configured exactly as docs/reverse-proxy.md says, with a
 * self-signed certificate: Chromium sets up, logs in and works a live terminal through it by name,
 * and the remote CLI uses the same proxy with an API token. Steps build on each other, in order.
 */
describe.skipIf(!nginxAvailable())('reverse proxy: nginx with TLS in front of the daemon (needs /usr/sbin/nginx)', () => {
  let home: string;
  /** nginx's prefix, temp files and logs, and the certificate. */
  let work: string;
  /** The remote CLI's CODEPIPER_HOME: empty, so that nothing reaches the daemon through its socket. */
  let elsewhere: string;
  let cert: Certificate;
  let daemon: Daemon;
  let nginx: Nginx;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: ReturnType<typeof collectErrors>;
  let totp: TotpSource;
  let sessionId: string;
  const followers: Follower[] = [];

  beforeAll(async () => {
    home = await makeHome();
    work = await mkdtemp(join(tmpdir(), 'cp-nginx-'));
    elsewhere = await mkdtemp(join(tmpdir(), 'cp-remote-'));
    cert = makeSelfSignedCert(work, [SERVER_NAME], ['127.0.0.1']);
    daemon = await startDaemon(home, 0, ['--trust-proxy', '--public-host', SERVER_NAME]);
    nginx = await startNginx(work, ({ httpsPort, httpPort }) => nginxSiteFromDocs({ httpsPort, httpPort, upstreamPort: daemon.webPort, serverName: SERVER_NAME, cert }));
    origin = `https://${SERVER_NAME}:${nginx.httpsPort}`;
    // The name resolves to loopback for this browser only, as public DNS would resolve it to the proxy.
    browser = await launchChromium([`--host-resolver-rules=MAP ${SERVER_NAME} 127.0.0.1`, `--ignore-certificate-errors-spki-list=${spkiFingerprint(cert)}`]);
    context = await browser.newContext({ ...DESKTOP, ignoreHTTPSErrors: true });
    page = await context.newPage();
    errors = collectErrors(page);
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    for (const follower of followers) await follower.stop();
    await browser?.close();
    await nginx?.stop();
    if (home) await destroyHome(home, daemon);
    for (const dir of [work, elsewhere]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  const loginCookie = async (of: BrowserContext) => (await of.cookies(origin)).find((c) => c.name === 'codepiper_login');

  it('sets up the owner through the proxy by name over HTTPS, and the login cookie is Secure', async () => {
    expect(daemon.setupCode).toBeTruthy();
    await page.goto(`${origin}/`);
    await page.waitForURL(`${origin}/setup`);
    await page.getByLabel('Setup code').fill(daemon.setupCode!);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
    await page.locator('.qr svg').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}setup-desktop.png` });
    totp = new TotpSource(secret);
    await page.getByLabel('Authenticator code').fill(await totp.next());
    await page.getByRole('button', { name: 'Finish setup' }).click();
    await page.waitForURL(`${origin}/`);
    await page.getByRole('status', { name: /Connection: Connected/ }).waitFor();
    expect(await loginCookie(context)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
  });

  it('logs in with the password and an authenticator code in a fresh browser, and that cookie is Secure too', async () => {
    await context.close();
    context = await browser.newContext({ ...DESKTOP, ignoreHTTPSErrors: true });
    page = await context.newPage();
    errors = collectErrors(page);
    await page.goto(`${origin}/`);
    await page.waitForURL(`${origin}/login`);
    const phone = await browser.newContext({ ...PHONE, ignoreHTTPSErrors: true });
    const phonePage = await phone.newPage();
    await phonePage.goto(`${origin}/login`);
    await phonePage.getByRole('button', { name: 'Log in' }).waitFor();
    expect(await layoutProblems(phonePage)).toEqual([]);
    await phonePage.screenshot({ path: `${SCREENSHOTS}login-phone.png` });
    await phone.close();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Authenticator code').fill(await totp.next());
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${origin}/`);
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    await page.getByRole('status', { name: /Connection: Connected/ }).waitFor();
    expect(await loginCookie(context)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
    // The PWA's service worker installs through the proxy (it needs HTTPS a browser trusts).
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(`${origin}/`);
  });

  it('lays out the settings page for a phone behind the proxy', async () => {
    const phone = await browser.newContext({ ...PHONE, ignoreHTTPSErrors: true, storageState: await context.storageState() });
    try {
      const phonePage = await phone.newPage();
      await phonePage.goto(`${origin}/settings`);
      await phonePage.getByRole('heading', { name: 'Active logins' }).waitFor();
      expect(await layoutProblems(phonePage)).toEqual([]);
      await phonePage.screenshot({ path: `${SCREENSHOTS}settings-phone.png`, fullPage: true });
    } finally {
      await phone.close();
    }
  });

  it('lists a session the CLI starts, streams its output live, and typing in the browser reaches the pty', async () => {
    sessionId = (await cli(home, 'start', '--name', 'behind-nginx', '--', 'sh')).trim();
    const card = page.getByRole('listitem').filter({ hasText: sessionId });
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('behind-nginx');

    const local = follow(home, sessionId);
    followers.push(local);
    await page.getByRole('link', { name: /behind-nginx/ }).click();
    await page.waitForURL(`${origin}/sessions/${sessionId}`);
    await page.locator('[data-painted="true"]').waitFor();
    await page.locator('.xterm').click();
    await page.keyboard.type('echo typed-through-nginx-$((6*7))\n');
    await waitForTerminalText(page, 'typed-through-nginx-42');
    // The shell's answer reaches the CLI on the unix socket too: the keys went into the pty itself.
    await local.waitFor('typed-through-nginx-42');

    await cli(home, 'send', sessionId, 'echo from-the-cli-$((2+3))');
    await waitForTerminalText(page, /^from-the-cli-5$/m);
  });

  it('passes the client address on (--trust-proxy) and refuses a host name not given with --public-host', async () => {
    // From 127.0.0.2: nginx sees a different client than itself and says so in X-Forwarded-For.
    const failed = await httpsCall({
      port: nginx.httpsPort,
      host: SERVER_NAME,
      method: 'POST',
      path: '/api/auth/login',
      body: { password: 'not the password at all', totp: '000000' },
      headers: { Origin: origin },
      localAddress: '127.0.0.2',
    });
    expect(failed.status).toBe(401);
    const audit = JSON.parse(await cli(home, 'audit', '--json', '--type', 'login-failed')) as AuditEntry[];
    expect(audit[0]).toMatchObject({ type: 'login-failed', ip: '127.0.0.2' });

    expect((await httpsCall({ port: nginx.httpsPort, host: SERVER_NAME, path: '/api/health' })).status).toBe(200);
    expect((await httpsCall({ port: nginx.httpsPort, host: 'elsewhere.test', path: '/api/health' })).status).toBe(421);
  });

  it('serves the remote CLI through the same proxy with an API token and the test CA', async () => {
    const token = (await cli(home, 'token', 'create', '--name', 'through-nginx')).trim();
    const env = { CODEPIPER_TOKEN: token, NODE_EXTRA_CA_CERTS: cert.certPath };
    const url = `https://127.0.0.1:${nginx.httpsPort}`;

    const listed = await remoteCli(elsewhere, env, '--url', url, 'sessions');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${sessionId}\\b.*behind-nginx`, 'm'));
    const sessions = JSON.parse((await remoteCli(elsewhere, env, '--url', url, 'sessions', '--json')).stdout) as Session[];
    expect(sessions.find((s) => s.id === sessionId)).toMatchObject({ name: 'behind-nginx', status: 'running' });

    // attach --follow opens wss://127.0.0.1:<port>/ws through nginx with the bearer token.
    const remote = follow(elsewhere, sessionId, { url, env });
    followers.push(remote);
    const sent = await remoteCli(elsewhere, env, '--url', url, 'send', 'behind-nginx', 'echo remote-cli-$((5*5))');
    expect(sent.code, sent.stderr).toBe(0);
    await remote.waitFor('remote-cli-25');
    await waitForTerminalText(page, /^remote-cli-25$/m);
  });

  it('carried the pages, the API and the WebSocket upgrades, and the page logged no errors', async () => {
    expect(errors.errors).toEqual([]);
    await context.close();
    for (const follower of followers.splice(0)) await follower.stop();
    // nginx logs a WebSocket when it closes: the browser's and the remote CLI's.
    const log = await nginx.waitForAccessLog(/"GET \/ws HTTP\/1\.1" 101[^\n]*\n[\s\S]*"GET \/ws HTTP\/1\.1" 101/);
    expect(log).toMatch(/"POST \/api\/auth\/login HTTP\/1\.1" 200/);
    expect(log).toMatch(/"GET \/api\/sessions[^" ]* HTTP\/1\.1" 200/);
  });
});
