import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approval, PolicyRule, Session } from '@codepiper/protocol';
import { cli } from './support/cli';
import { destroyHome, makeHome, startDaemon, type Daemon } from './support/daemon';
import { collectErrors, DESKTOP, launchChromium, layoutProblems, PHONE, SMALL_PHONE, waitForTerminalText, type Browser, type BrowserContext, type Page } from './support/browser';
import { setUpOwnerInBrowser } from './support/owner-setup';

const SCREENSHOTS = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));
/** The fake Claude Code the CLI's end-to-end tests drive: the observed binary's flags, hooks and dialog. */
const FAKE_CLAUDE = fileURLToPath(new URL('../../../cli/test/e2e/support/fake-claude.mjs', import.meta.url));
const PASSWORD = 'a long enough test passphrase';

/**
 * Agents in the browser, on a phone, against a real daemon whose PATH has the fake `claude`: start one
 * from the New session dialog, see its tool call held for approval in the inbox, on the session view,
 * in the header count and the tab title, approve it from the phone (the held hook gets the allow and
 * the command runs), and see decisions made elsewhere (the CLI) take the prompt away.
 */
describe('approvals in the browser', () => {
  let home: string;
  let bin: string;
  let userHome: string;
  let workDir: string;
  let daemon: Daemon;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let errors: ReturnType<typeof collectErrors>;
  let agent: Session;
  /** Approval ids whose decisions the page's socket does not pass on (to reach a click on a stale prompt). */
  const hiddenDecisions = new Set<string>();

  const approvalsJson = async (...args: string[]) => JSON.parse(await cli(home, 'approvals', '--json', ...args)) as Approval[];
  /** The session's pending approval, once the agent's hook has asked (`codepiper approvals --json`). */
  async function pendingOf(id: string): Promise<Approval> {
    let found: Approval | undefined;
    await expect.poll(async () => (found = (await approvalsJson()).find((a) => a.session === id)) !== undefined, { timeout: 20_000 }).toBe(true);
    return found!;
  }
  const agentStateOf = async (id: string) => (JSON.parse(await cli(home, 'sessions', '--json')) as Session[]).find((s) => s.id === id)?.agentState?.state;

  beforeAll(async () => {
    home = await makeHome();
    bin = await mkdtemp(join(tmpdir(), 'codepiper-web-bin-'));
    userHome = await mkdtemp(join(tmpdir(), 'codepiper-web-user-'));
    workDir = await mkdtemp(join(tmpdir(), 'codepiper-web-work-'));
    await symlink(FAKE_CLAUDE, join(bin, 'claude'));
    daemon = await startDaemon(home, 0, [], { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: userHome });
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    phone = await browser.newContext(PHONE);
    page = await phone.newPage();
    errors = collectErrors(page);
    // The page's socket, passed through, except the decisions a test chose to hide from it.
    await page.routeWebSocket(/\/ws$/, (socket) => {
      const server = socket.connectToServer();
      socket.onMessage((message) => server.send(message));
      server.onMessage((message) => {
        if (typeof message === 'string' && hiddenDecisions.size > 0) {
          const parsed = JSON.parse(message) as { type: string; approval?: Approval };
          if (parsed.type === 'approval' && parsed.approval && parsed.approval.status !== 'pending' && hiddenDecisions.has(parsed.approval.id)) return;
        }
        socket.send(message);
      });
    });

    await setUpOwnerInBrowser(page, daemon, PASSWORD);
    await page.getByRole('status', { name: /Connection: Connected/ }).waitFor();
  });

  afterAll(async () => {
    await phone?.close();
    await browser?.close();
    if (home) await destroyHome(home, daemon);
    for (const dir of [bin, userHome, workDir]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts an agent from the New session dialog, offering only what its capabilities allow', async () => {
    await page.getByRole('button', { name: 'New session' }).click();
    const dialog = page.getByRole('dialog');
    const claude = dialog.getByRole('radio', { name: /Claude Code/ });
    await claude.waitFor({ state: 'attached' });
    expect(await dialog.getByRole('radio', { name: /Codex/ }).isDisabled()).toBe(true);
    expect(await dialog.locator('label', { hasText: 'Codex' }).textContent()).toContain('not installed');
    expect(await dialog.locator('label', { hasText: 'Claude Code' }).textContent()).toContain('2.1.331');
    // The shell is picked first: a command line, no model or resume.
    await dialog.getByRole('textbox', { name: 'Command', exact: true }).waitFor();
    expect(await dialog.getByRole('combobox', { name: /^Model/ }).count()).toBe(0);

    await dialog.locator('label', { hasText: 'Claude Code' }).click();
    await dialog.getByRole('textbox', { name: /^Extra arguments/ }).waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Command', exact: true }).count()).toBe(0);
    await dialog.getByRole('combobox', { name: /^Model/ }).fill('opus');
    await dialog.getByRole('textbox', { name: /^Resume conversation/ }).waitFor();
    // A resume id the daemon refuses: its message shows in the dialog, which stays open.
    await dialog.getByRole('textbox', { name: /^Resume conversation/ }).fill('not valid!');
    await dialog.getByRole('textbox', { name: /^Name/ }).fill('web-agent');
    await dialog.getByRole('textbox', { name: /^Working directory/ }).fill(workDir);
    expect(await layoutProblems(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Start session' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('a provider session id uses letters, digits');

    await dialog.getByRole('textbox', { name: /^Resume conversation/ }).fill('');
    await dialog.getByRole('button', { name: 'Start session' }).click();
    await page.waitForURL(/\/sessions\/[0-9a-f]{8}$/);
    const id = /\/sessions\/([0-9a-f]{8})$/.exec(page.url())![1]!;
    await page.locator('[data-painted="true"]').waitFor();
    await expect.poll(() => agentStateOf(id), { timeout: 20_000 }).toBe('waiting-input');
    agent = (JSON.parse(await cli(home, 'sessions', '--json')) as Session[]).find((s) => s.id === id)!;
    expect(agent).toMatchObject({ name: 'web-agent', provider: 'claude', model: 'opus', cwd: workDir });
  });

  it('shows a held tool call on the session view, in the header count and in the tab title', async () => {
    await cli(home, 'send', agent.id, '--', 'run echo approved-in-browser');
    const approval = await pendingOf(agent.id);
    expect(approval).toMatchObject({ tool: 'Bash', summary: 'echo approved-in-browser', status: 'pending' });

    const sheet = page.getByTestId('approval-sheet');
    await sheet.waitFor();
    expect(await sheet.locator('pre').textContent()).toBe('echo approved-in-browser');
    expect(await sheet.getByTestId('expires-in').textContent()).toMatch(/^\d+:\d\d$|h/);
    expect(await page.getByTestId('approvals-badge').textContent()).toBe('1');
    await expect.poll(() => page.title()).toMatch(/^\(1\) /);
    expect(await layoutProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}session-approval-phone.png` });
  });

  it('lists it in the inbox and puts the agent that needs you first in the sessions list', async () => {
    // A newer shell session: without "needs you first" it would lead the list.
    await cli(home, 'start', '--name', 'newer-shell', '--', 'sh');
    await page.getByRole('link', { name: 'Back to sessions' }).click();
    await page.waitForURL(`${daemon.origin}/`);
    const first = page.getByRole('list', { name: 'Sessions' }).getByRole('listitem').first();
    await expect.poll(() => first.textContent()).toContain('web-agent');
    expect(await first.getByTestId('agent-state').getAttribute('data-state')).toBe('needs-approval');
    expect(await first.getByTestId('agent-reason').textContent()).toContain('Bash');
    expect(await first.textContent()).toContain('claude · opus');
    await page.getByRole('link', { name: 'Approvals, 1 waiting' }).click();
    await page.waitForURL('**/approvals');

    const card = page.getByTestId('approval');
    await card.waitFor();
    expect(await card.textContent()).toMatch(/Bash\s*in web-agent.*echo approved-in-browser.*Waits \d+:\d\d more/s);
    expect(await card.getByRole('link', { name: 'web-agent' }).getAttribute('href')).toBe(`/sessions/${agent.id}`);
    expect(await layoutProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}approvals-phone.png` });
    for (const size of [SMALL_PHONE.viewport, DESKTOP.viewport]) {
      await page.setViewportSize(size);
      expect(await layoutProblems(page)).toEqual([]);
    }
    await page.setViewportSize(PHONE.viewport);
  });

  it('approves from the phone: the held hook lets the command run, and every count clears', async () => {
    await page.getByRole('link', { name: 'web-agent' }).click();
    await page.waitForURL(`**/sessions/${agent.id}`);
    const sheet = page.getByTestId('approval-sheet');
    await sheet.getByRole('button', { name: 'Approve', exact: true }).click();
    await sheet.waitFor({ state: 'detached' });
    await waitForTerminalText(page, 'Ran echo approved-in-browser.');
    const [decided] = await approvalsJson('--all');
    expect(decided).toMatchObject({ summary: 'echo approved-in-browser', status: 'approved', decidedBy: 'owner' });
    expect(await page.getByTestId('approvals-badge').count()).toBe(0);
    await expect.poll(() => page.title()).not.toMatch(/^\(/);
  });

  it('takes the prompt away when the CLI decides first, shows a late click as a notice, and remembers on request', async () => {
    await cli(home, 'send', agent.id, '--', 'run echo denied-from-cli');
    const first = await pendingOf(agent.id);
    const sheet = page.getByTestId('approval-sheet');
    await sheet.waitFor();
    await cli(home, 'deny', first.id, '--reason', 'not now');
    await sheet.waitFor({ state: 'detached' });
    await waitForTerminalText(page, /Denied: .*not now/);

    // The next call's decision is kept from this page, so its prompt is still there to click.
    await expect.poll(() => agentStateOf(agent.id), { timeout: 20_000 }).toBe('waiting-input');
    await page.goto(`${daemon.origin}/approvals`);
    await page.getByTestId('no-pending').waitFor();
    await cli(home, 'send', agent.id, '--', 'run echo raced');
    const raced = await pendingOf(agent.id);
    hiddenDecisions.add(raced.id);
    const card = page.locator(`[data-approval-id="${raced.id}"][data-testid="approval"]`);
    await card.waitFor();
    await cli(home, 'approve', raced.id);
    await card.getByRole('button', { name: 'Deny…' }).click();
    await card.getByLabel(/Reason/).fill('too late');
    await card.getByRole('button', { name: 'Deny', exact: true }).click();
    const notice = page.getByRole('status').filter({ hasText: 'Already answered' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain(`approval ${raced.id} is already approved`);
    await card.waitFor({ state: 'detached' });
    await page.getByTestId('no-pending').waitFor();
    const decision = page.locator(`[data-testid="decision"][data-approval-id="${raced.id}"]`);
    await decision.waitFor();
    expect(await decision.textContent()).toContain('approved');
    expect(await page.getByRole('alert').count()).toBe(0);

    // Approve & remember: the call runs, and the same call is allowed by a session rule from now on.
    await expect.poll(() => agentStateOf(agent.id), { timeout: 20_000 }).toBe('waiting-input');
    await cli(home, 'send', agent.id, '--', 'run echo remembered');
    const remembered = await pendingOf(agent.id);
    const rememberCard = page.locator(`[data-approval-id="${remembered.id}"][data-testid="approval"]`);
    await rememberCard.getByRole('button', { name: 'Approve & remember' }).click();
    await rememberCard.waitFor({ state: 'detached' });
    const rules = JSON.parse(await cli(home, 'policy', 'list', '--json')) as PolicyRule[];
    expect(rules.find((r) => r.reason === `remembered from approval ${remembered.id}`)).toMatchObject({ action: 'allow', tool: 'Bash', input: 'echo remembered', session: agent.id });
    // The browser logs the refused calls (400 for the bad resume id, 409 for the late click) itself.
    expect(errors.errors.filter((e) => !/status of (400|409)/.test(e))).toEqual([]);
  });
});
