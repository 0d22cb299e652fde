import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, follow, type Follower } from './support/cli';
import { destroyHome, makeHome, startDaemon, type Daemon } from './support/daemon';
import {
  collectErrors,
  DESKTOP,
  launchChromium,
  launchProfile,
  layoutProblems,
  PHONE,
  SMALL_PHONE,
  terminalSize,
  terminalText,
  waitForTerminalText,
  type Browser,
  type BrowserContext,
  type Page,
} from './support/browser';
import { TotpSource } from './support/totp';

const SCREENSHOTS = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));
const PASSWORD = 'a long enough test passphrase';

/**
 * The dashboard against a real daemon, pty host, CLI and Debian's Chromium: one owner's day, in
 * order. Each step builds on the one before (the owner set up in the first is the one logged in later).
 */
describe('web dashboard', () => {
  let home: string;
  let daemon: Daemon;
  let browser: Browser;
  let desktop: BrowserContext;
  let page: Page;
  let errors: ReturnType<typeof collectErrors>;
  let totp: TotpSource;
  let sessionId: string;
  let follower: Follower | undefined;
  const extraContexts: BrowserContext[] = [];

  beforeAll(async () => {
    home = await makeHome();
    daemon = await startDaemon(home);
    browser = await launchChromium();
    desktop = await browser.newContext(DESKTOP);
    page = await desktop.newPage();
    errors = collectErrors(page);
    await mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await follower?.stop();
    for (const context of extraContexts) await context.close().catch(() => undefined);
    await browser?.close();
    if (home) await destroyHome(home, daemon);
  });

  it('sets up the owner with the setup code, shows the QR code and recovery codes, and logs in', async () => {
    expect(daemon.setupCode).toBeTruthy();
    await page.goto(`${daemon.origin}/`);
    await page.waitForURL('**/setup');
    await page.getByLabel('Setup code').fill(daemon.setupCode!);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Password again').fill(PASSWORD);
    await page.getByRole('button', { name: 'Continue' }).click();

    const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.locator('.qr svg').waitFor();
    await expect.poll(() => page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);

    totp = new TotpSource(secret);
    await page.getByLabel('Authenticator code').fill(await totp.next());
    await page.getByRole('button', { name: 'Finish setup' }).click();
    await page.waitForURL(`${daemon.origin}/`);
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    await page.getByRole('status', { name: /Connection: Connected/ }).waitFor();
  });

  it('shows a session the CLI starts without a reload', async () => {
    sessionId = (await cli(home, 'start', '--name', 'web-e2e', '--', 'sh')).trim();
    expect(sessionId).toMatch(/^[0-9a-f]{8}$/);
    const card = page.getByRole('listitem').filter({ hasText: sessionId });
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('running');
    await expect.poll(() => card.textContent()).toContain('web-e2e');
  });

  it('types into the browser terminal: the pty runs it and the output shows in the browser and in attach --follow', async () => {
    follower = follow(home, sessionId);
    await page.getByRole('link', { name: /web-e2e/ }).click();
    await page.waitForURL(`**/sessions/${sessionId}`);
    await page.locator('[data-painted="true"]').waitFor();
    await page.locator('.xterm').click();
    await page.keyboard.type('echo typed-$((40+2))\n');
    await waitForTerminalText(page, 'typed-42');
    await follower.waitFor('typed-42');
  });

  it('sends prompts from the input bar, keeps their history and presses strip keys', async () => {
    const box = page.getByLabel('Prompt', { exact: true });
    await box.fill('echo prompt-$((1+1))');
    await box.press('Enter');
    await waitForTerminalText(page, 'prompt-2');
    expect(await box.inputValue()).toBe('');
    await box.press('ArrowUp');
    expect(await box.inputValue()).toBe('echo prompt-$((1+1))');
    await box.fill('');

    // Ctrl-C from the key strip interrupts a long command, so the next prompt runs at once.
    await box.fill('sleep 300');
    await box.press('Enter');
    await page.getByRole('button', { name: 'Control+C' }).click();
    await box.fill('echo after-interrupt');
    await page.getByRole('button', { name: 'Send prompt' }).click();
    await waitForTerminalText(page, /^after-interrupt$/m);
  });

  it('shows a second viewer the pty at its own size, and take-control resizes the pty to that browser', async () => {
    const phone = await browser.newContext({ ...PHONE, storageState: await desktop.storageState() });
    extraContexts.push(phone);
    const mobile = await phone.newPage();
    const mobileErrors = collectErrors(mobile);
    await mobile.goto(`${daemon.origin}/sessions/${sessionId}`);
    await mobile.locator('[data-painted="true"]').waitFor();
    await waitForTerminalText(mobile, 'after-interrupt');

    const desktopSize = await terminalSize(page);
    await expect.poll(() => mobile.getByTestId('control-state').textContent()).toBe(`Viewing · ${desktopSize.cols}×${desktopSize.rows}`);
    // A viewer draws the pty at the pty's size, scaled down to its narrow screen instead of reflowed.
    const viewing = await terminalSize(mobile);
    expect({ cols: viewing.cols, rows: viewing.rows }).toEqual({ cols: desktopSize.cols, rows: desktopSize.rows });
    expect(viewing.fontSize).toBeLessThan(desktopSize.fontSize);
    expect(await layoutProblems(mobile)).toEqual([]);
    await mobile.screenshot({ path: `${SCREENSHOTS}session-phone-viewing.png` });

    await mobile.getByRole('button', { name: 'Take control' }).click();
    await expect.poll(() => mobile.getByTestId('control-state').textContent()).toMatch(/^In control · \d+×\d+$/);
    const phoneSize = await terminalSize(mobile);
    expect(phoneSize.cols).toBeLessThan(desktopSize.cols);
    expect(phoneSize.fontSize).toBeGreaterThan(viewing.fontSize);
    await expect.poll(() => page.getByTestId('control-state').textContent()).toBe(`Viewing · ${phoneSize.cols}×${phoneSize.rows}`);

    const box = mobile.getByLabel('Prompt', { exact: true });
    await box.fill('stty size');
    await box.press('Enter');
    await waitForTerminalText(mobile, new RegExp(`^${phoneSize.rows} ${phoneSize.cols}$`, 'm'));
    expect(mobileErrors.errors).toEqual([]);
    await mobile.screenshot({ path: `${SCREENSHOTS}session-phone.png` });
    await mobile.close();
  });

  it('lays out the sessions list and the session view for 390×844, 360×780 and 1440×900 phones and desktops', async () => {
    const shots: Array<[string, Record<string, unknown>]> = [
      ['phone', PHONE],
      ['small-phone', SMALL_PHONE],
      ['phone-dark', { ...PHONE, colorScheme: 'dark' }],
      ['desktop', DESKTOP],
    ];
    const state = await desktop.storageState();
    for (const [name, device] of shots) {
      const context = await browser.newContext({ ...device, storageState: state });
      extraContexts.push(context);
      const view = await context.newPage();
      const viewErrors = collectErrors(view);
      await view.goto(`${daemon.origin}/`);
      await view.getByRole('listitem').filter({ hasText: sessionId }).waitFor();
      await view.getByRole('status', { name: /Connection: Connected/ }).waitFor();
      expect(await layoutProblems(view), `sessions list at ${name}`).toEqual([]);
      if (name === 'phone' || name === 'desktop') await view.screenshot({ path: `${SCREENSHOTS}sessions-${name}.png` });

      await view.goto(`${daemon.origin}/sessions/${sessionId}`);
      await view.locator('[data-painted="true"]').waitFor();
      await waitForTerminalText(view, 'after-interrupt');
      expect(await layoutProblems(view), `session view at ${name}`).toEqual([]);
      if (name === 'phone-dark') await view.screenshot({ path: `${SCREENSHOTS}session-phone-dark.png` });
      if (name === 'desktop') {
        // Take control back so the desktop screenshot shows the terminal fitted to the window.
        await view.getByRole('button', { name: 'Take control' }).click();
        await expect.poll(() => view.getByTestId('control-state').textContent()).toMatch(/^In control/);
        await view.screenshot({ path: `${SCREENSHOTS}session-desktop.png` });
      }
      expect(viewErrors.errors).toEqual([]);
      await context.close();
    }
  });

  it('renames, stops and removes a session from the list, asking first for the destructive ones', async () => {
    const id = (await cli(home, 'start', '--name', 'scratch', '--', 'sh')).trim();
    await page.goto(`${daemon.origin}/`);
    const card = page.getByRole('listitem').filter({ hasText: id });
    await card.waitFor();

    await card.getByRole('button', { name: 'Rename scratch' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename session' });
    await rename.getByLabel('Name').fill('scratch-renamed');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => card.textContent()).toContain('scratch-renamed');
    expect(await cli(home, 'sessions')).toContain('scratch-renamed');

    await card.getByRole('button', { name: 'Stop scratch-renamed' }).click();
    const stop = page.getByRole('dialog', { name: 'Stop scratch-renamed?' });
    await stop.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => card.textContent()).not.toContain('running');

    await page.getByRole('button', { name: /^Ended/ }).click();
    await card.getByRole('button', { name: 'Remove scratch-renamed' }).click();
    await page.getByRole('dialog', { name: 'Remove scratch-renamed?' }).getByRole('button', { name: 'Remove' }).click();
    await card.waitFor({ state: 'detached' });
    expect(await cli(home, 'sessions', '--all')).not.toContain(id);
    await page.getByRole('button', { name: /^All/ }).click();
  });

  it('starts a session from the New session dialog and keeps up with a flood of output', async () => {
    await page.getByRole('button', { name: 'New session' }).click();
    const dialog = page.getByRole('dialog', { name: 'New session' });
    // ~5 MB of output: far past the daemon's 256 KiB unacknowledged window, so the stream only gets
    // through if the page acknowledges what xterm has parsed.
    await dialog.getByLabel('Command').fill(`sh -c 'echo "from the dialog"; yes flood-line-of-output | head -n 250000; echo "flood $((6*7)) done"; exec sh'`);
    await dialog.getByLabel(/^Name/).fill('dialog-made');
    await dialog.getByRole('button', { name: 'Start session' }).click();
    await page.waitForURL(/\/sessions\/[0-9a-f]{8}$/);
    await waitForTerminalText(page, 'flood 42 done', 60_000);
    expect(await page.evaluate(() => document.title)).toContain('CodePiper');
    const created = page.url().split('/').pop()!;
    await cli(home, 'kill', created);
  });

  it('survives a daemon SIGKILL and restart: input typed meanwhile is queued, and the screen comes back', async () => {
    await page.goto(`${daemon.origin}/sessions/${sessionId}`);
    await page.locator('[data-painted="true"]').waitFor();
    await waitForTerminalText(page, 'typed-42');
    const port = daemon.webPort;

    errors.paused = true; // the browser logs each refused reconnect attempt while the daemon is down
    await follower?.stop();
    follower = undefined;
    await daemon.kill9();
    await page.getByRole('status', { name: /Reconnecting|Connecting/ }).waitFor();
    const box = page.getByLabel('Prompt', { exact: true });
    await box.fill('echo queued-$((3*3))');
    await box.press('Enter');
    await page.getByText('1 queued').waitFor();

    daemon = await startDaemon(home, port);
    await page.getByRole('status', { name: /Connection: Connected/ }).waitFor({ timeout: 30_000 });
    errors.paused = false;
    await waitForTerminalText(page, /^queued-9$/m);
    const text = await terminalText(page);
    expect(text).toContain('typed-42');
    expect(text.match(/^queued-9$/gm)).toHaveLength(1);
    expect(await page.getByText('1 queued').count()).toBe(0);
  });

  it('registers a service worker, passes the installability check and serves the offline page while the daemon is down', async () => {
    await page.goto(`${daemon.origin}/`);
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${daemon.origin}/`);
    const manifest = await page.request.get(`${daemon.origin}/manifest.webmanifest`);
    expect(manifest.headers()['content-type']).toContain('application/manifest+json');

    const profileDir = await mkdtemp(join(tmpdir(), 'codepiper-web-profile-'));
    try {
      const profile = await launchProfile(profileDir);
      try {
        const installPage = profile.pages()[0] ?? (await profile.newPage());
        const installErrors = collectErrors(installPage);
        await installPage.goto(`${daemon.origin}/`);
        await installPage.waitForURL('**/login');
        await installPage.evaluate(async () => (await navigator.serviceWorker.ready).scope);
        const cdp = await profile.newCDPSession(installPage);
        const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
        expect(installabilityErrors).toEqual([]);
        expect(installErrors.errors.filter((e) => !isExpectedLoggedOutProbe(e))).toEqual([]);
      } finally {
        await profile.close();
      }
    } finally {
      await rm(profileDir, { recursive: true, force: true });
    }

    const port = daemon.webPort;
    errors.paused = true;
    await daemon.stop();
    await page.goto(`${daemon.origin}/settings`);
    await page.getByRole('heading', { name: 'CodePiper is offline' }).waitFor();
    daemon = await startDaemon(home, port);
    // The offline page retries by itself; once the daemon answers the dashboard is back.
    await page.getByRole('heading', { name: 'Settings' }).waitFor({ timeout: 30_000 });
    errors.paused = false;
  });

  it('sends an expired login to the login page and back to where the user was', async () => {
    await page.goto(`${daemon.origin}/sessions/${sessionId}`);
    await page.locator('[data-painted="true"]').waitFor();
    // Another tab of the same login logs out: the daemon closes this tab's socket with 4401.
    const other = await browser.newContext({ ...DESKTOP, storageState: await desktop.storageState() });
    extraContexts.push(other);
    const otherPage = await other.newPage();
    await otherPage.goto(`${daemon.origin}/settings`);
    await otherPage.getByRole('button', { name: 'Log out' }).click();
    await otherPage.waitForURL('**/login');
    await other.close();

    await page.waitForURL(`**/login?next=${encodeURIComponent(`/sessions/${sessionId}`)}`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').waitFor();
    await page.getByRole('button', { name: 'Use an authenticator code' }).click();
    await page.getByLabel('Authenticator code').fill(await totp.next());
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`**/sessions/${sessionId}`);
    await waitForTerminalText(page, 'queued-9');
  });

  it('changes the password, lists the active logins and manages API tokens in settings', async () => {
    await page.goto(`${daemon.origin}/settings`);
    await page.getByRole('heading', { name: 'Active logins' }).waitFor();
    await page.getByText('this browser').waitFor();

    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(`${PASSWORD} changed`);
    await page.getByLabel('New password again').fill(`${PASSWORD} changed`);
    await page.getByLabel('Authenticator code').fill(await totp.next());
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed.').waitFor();
    // This browser's login survives its own password change.
    expect((await page.request.get(`${daemon.origin}/api/auth/me`)).status()).toBe(200);

    await page.getByLabel('New token name').fill('e2e-token');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = await page.getByTestId('new-token').textContent();
    expect(token?.length).toBeGreaterThan(20);
    const answer = await fetch(`${daemon.origin}/api/sessions`, { headers: { Authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(200);
    await page.getByRole('button', { name: 'Revoke token e2e-token' }).click();
    await page.getByRole('dialog', { name: /Revoke token/ }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('No tokens yet.').waitFor();
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
  });

  it('logged no console errors on the way', () => {
    expect(errors.errors).toEqual([]);
  });

  it('logs out', async () => {
    await page.goto(`${daemon.origin}/settings`);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
    await page.goto(`${daemon.origin}/`);
    await page.waitForURL('**/login');
    const me = await page.request.get(`${daemon.origin}/api/auth/me`);
    expect(me.status()).toBe(401);
  });
});

/**
 * A fresh logged-out page asks the daemon who it is (GET /api/auth/me) and Chromium logs the 401
 * answer as a failed resource; that is the check working, not an error of the app.
 */
function isExpectedLoggedOutProbe(line: string): boolean {
  return /Failed to load resource: the server responded with a status of 401/.test(line);
}
