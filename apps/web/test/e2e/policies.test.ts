import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyRule } from '@codepiper/protocol';
import { cli } from './support/cli';
import { destroyHome, makeHome, startDaemon, type Daemon } from './support/daemon';
import { collectErrors, launchChromium, layoutProblems, PHONE, type Browser, type BrowserContext, type Page } from './support/browser';
import { setUpOwnerInBrowser } from './support/owner-setup';

const PASSWORD = 'a long enough test passphrase';

/** The Policies page on a phone, against a real daemon: add a rule, see a bad one refused inline, test a call, delete. */
describe('policies page', () => {
  let home: string;
  let daemon: Daemon;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let errors: ReturnType<typeof collectErrors>;

  beforeAll(async () => {
    home = await makeHome();
    daemon = await startDaemon(home);
    browser = await launchChromium();
    phone = await browser.newContext(PHONE);
    page = await phone.newPage();
    errors = collectErrors(page);

    // First-run setup in the browser logs this phone in.
    await setUpOwnerInBrowser(page, daemon, PASSWORD);
  });

  afterAll(async () => {
    await phone?.close();
    await browser?.close();
    if (home) await destroyHome(home, daemon);
  });

  it('adds a rule from the phone, refuses a bad pattern under its field, tests a call and deletes the rule', async () => {
    await page.getByRole('link', { name: 'Policies' }).click();
    await page.waitForURL('**/policies');
    await page.getByTestId('no-rules').waitFor();
    expect(await layoutProblems(page)).toEqual([]);

    // A tool glob picomatch cannot compile: the daemon's message shows under the Tool field.
    await page.getByRole('radio', { name: 'deny' }).check();
    await page.locator('#rule-tool').fill('Bash[');
    await page.getByRole('button', { name: 'Add rule' }).click();
    const toolError = page.locator('#rule-tool-error');
    await toolError.waitFor();
    expect(await toolError.textContent()).toContain('the tool pattern "Bash[" is not a valid glob');
    expect(await page.locator('#rule-tool').getAttribute('aria-invalid')).toBe('true');

    await page.locator('#rule-tool').fill('Bash');
    await page.locator('#rule-input').fill('rm -rf *');
    await page.getByLabel('Priority').fill('5');
    await page.getByLabel('Reason').fill('never wipe');
    await page.getByRole('button', { name: 'Add rule' }).click();
    const item = page.getByTestId('policy-rule');
    await item.waitFor();
    expect(await item.textContent()).toMatch(/deny\s*Bash\s*priority 5.*rm -rf \*.*all sessions.*never wipe/s);
    await expect.poll(() => toolError.count()).toBe(0);

    const [rule] = JSON.parse(await cli(home, 'policy', 'list', '--json')) as PolicyRule[];
    expect(rule).toMatchObject({ action: 'deny', tool: 'Bash', input: 'rm -rf *', priority: 5, reason: 'never wipe', scope: 'global' });

    await page.locator('#test-tool').fill('Bash');
    await page.locator('#test-input').fill('ls && rm -rf /tmp/x');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    const verdict = page.getByTestId('policy-verdict');
    await verdict.waitFor();
    expect(await verdict.textContent()).toContain(`deny`);
    expect(await verdict.textContent()).toContain(`rule ${rule!.id} (deny Bash "rm -rf *", global, priority 5) matched the command "ls && rm -rf /tmp/x"`);
    expect(await layoutProblems(page)).toEqual([]);

    await page.getByRole('button', { name: `Delete rule ${rule!.id}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByTestId('no-rules').waitFor();
    expect(JSON.parse(await cli(home, 'policy', 'list', '--json'))).toEqual([]);
    expect(errors.errors.filter((e) => !e.includes('400'))).toEqual([]);
  });
});
