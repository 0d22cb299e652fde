import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approval, NotificationListResponse, PushDelivery, PushDevice, PushPayload, Session, SessionNotificationSettings, SubscribeResponse } from '@codepiper/protocol';
import { makeReceiverCert, PushReceiver, TestDevice } from '../../../daemon/test/e2e/support/push-receiver';
import { cli } from './support/cli';
import { destroyHome, makeHome, startDaemon, type Daemon } from './support/daemon';
import type { CDPSession } from 'playwright-core';
import { collectErrors, launchChromium, layoutProblems, PHONE, SMALL_PHONE, waitForTerminalText, type Browser, type BrowserContext, type Page } from './support/browser';
import { setUpOwnerInBrowser } from './support/owner-setup';

const SCREENSHOTS = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));
/** The fake Claude Code the CLI's end-to-end tests drive: the observed binary's flags, hooks and dialog. */
const FAKE_CLAUDE = fileURLToPath(new URL('../../../cli/test/e2e/support/fake-claude.mjs', import.meta.url));
const PASSWORD = 'a long enough test passphrase';
const PIXEL_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

/** A notification as the service worker's registration lists it. */
interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  requireInteraction: boolean;
  actions: Array<{ action: string; title: string }>;
  data: { kind: string; url: string; approvalId?: string };
}

/** The parts of a service worker's global scope the worker-side helpers use (the tests compile with the DOM library). */
interface WorkerScope {
  registration: { getNotifications(filter?: { tag?: string }): Promise<ShownNotification[]> };
  NotificationEvent: new (type: string, init: { notification: unknown; action?: string }) => Event;
  dispatchEvent(event: Event): boolean;
}

/**
 * Push notifications in a real browser against a real daemon. Chromium cannot subscribe here (no push
 * service), so the page's PushManager hands out a subscription whose endpoint is a local HTTPS push
 * receiver and whose keys the test holds: the daemon's real, encrypted deliveries are read there, and
 * pushes reach the real service worker through CDP's ServiceWorker.deliverPushMessage. The fake
 * `claude` on the daemon's PATH holds real tool calls for approval.
 */
describe('push notifications in the browser', () => {
  let home: string;
  let bin: string;
  let userHome: string;
  let workDir: string;
  let certDir: string;
  let receiver: PushReceiver;
  let daemon: Daemon;
  let browser: Browser;
  let phone: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let errors: ReturnType<typeof collectErrors>;
  /** This browser (its subscription is the stub's), and a second device registered over the API. */
  let thisPhone: TestDevice;
  let laptop: TestDevice;
  let phoneId: string;
  let agent: Session;
  const registrations = new Map<string, { registrationId: string; scopeURL: string; isDeleted: boolean }>();
  const presenceFrames: Array<{ session: string | null; visible: boolean; endpoint?: string }> = [];

  const api = async <T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, data?: unknown): Promise<T> => {
    // The page's login cookie; a cookie-authenticated write must carry the dashboard's Origin.
    const response = await phone.request.fetch(`${daemon.origin}${path}`, { method, headers: { Origin: daemon.origin }, ...(data !== undefined ? { data } : {}) });
    if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
    return (response.status() === 204 ? undefined : await response.json()) as T;
  };
  const approvalsJson = async (...args: string[]) => JSON.parse(await cli(home, 'approvals', '--json', ...args)) as Approval[];
  const agentStateOf = async (id: string) => (JSON.parse(await cli(home, 'sessions', '--json')) as Session[]).find((s) => s.id === id)?.agentState?.state;
  const payloads = (device: TestDevice, sessionId: string | null): PushPayload[] => receiver.to(device.path).map((p) => device.decrypt(p)).filter((p) => p.sessionId === sessionId);

  /** The dashboard's service worker (Playwright's handle for evaluating in it). */
  async function worker() {
    const workers = phone.serviceWorkers();
    return workers[workers.length - 1] ?? (await phone.waitForEvent('serviceworker'));
  }

  /** Fires the real worker's `push` handler with this payload, as a push service delivery would. */
  async function deliver(payload: PushPayload): Promise<void> {
    const registration = [...registrations.values()].find((r) => !r.isDeleted && r.scopeURL === `${daemon.origin}/`);
    if (!registration) throw new Error('the dashboard has no service worker registration');
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: `${daemon.origin}/`, registrationId: registration.registrationId, data: JSON.stringify(payload) });
  }

  async function shown(tag?: string): Promise<ShownNotification[]> {
    return (await worker()).evaluate(async (filter) => {
      const scope = globalThis as unknown as WorkerScope;
      const list = await scope.registration.getNotifications(filter ? { tag: filter } : {});
      return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, requireInteraction: n.requireInteraction, actions: n.actions.map((a) => ({ action: a.action, title: a.title })), data: n.data }));
    }, tag);
  }

  /**
   * A tap on the notification shown under `tag` (on one of its actions, or on itself), dispatched in
   * the worker; resolves when everything the handler waits for is done. A dispatched event cannot
   * extend itself, so its waitUntil() is replaced by one that collects the promises.
   */
  async function click(tag: string, action: string): Promise<void> {
    await (
      await worker()
    ).evaluate(
      async ([filter, which]) => {
        const scope = globalThis as unknown as WorkerScope;
        const [notification] = await scope.registration.getNotifications({ tag: filter });
        if (!notification) throw new Error(`no notification is shown under ${filter}`);
        const pending: Array<Promise<unknown>> = [];
        const event = new scope.NotificationEvent('notificationclick', { notification, action: which });
        Object.defineProperty(event, 'waitUntil', { value: (promise: Promise<unknown>) => pending.push(promise) });
        scope.dispatchEvent(event);
        await Promise.all(pending);
      },
      [tag, action] as const,
    );
  }

  beforeAll(async () => {
    home = await makeHome();
    bin = await mkdtemp(join(tmpdir(), 'codepiper-web-bin-'));
    userHome = await mkdtemp(join(tmpdir(), 'codepiper-web-user-'));
    workDir = await mkdtemp(join(tmpdir(), 'codepiper-web-work-'));
    certDir = await mkdtemp(join(tmpdir(), 'codepiper-web-push-cert-'));
    await symlink(FAKE_CLAUDE, join(bin, 'claude'));
    const cert = makeReceiverCert(certDir);
    receiver = await PushReceiver.start(cert);
    thisPhone = new TestDevice(receiver, 'phone');
    laptop = new TestDevice(receiver, 'laptop');
    // The daemon trusts the receiver's self-signed certificate as an owner would trust a private CA.
    daemon = await startDaemon(home, 0, ['--push-subject', 'mailto:owner@example.com'], { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: userHome, NODE_EXTRA_CA_CERTS: cert.certPath });
    await mkdir(SCREENSHOTS, { recursive: true });

    browser = await launchChromium();
    phone = await browser.newContext({ ...PHONE, userAgent: PIXEL_UA });
    await phone.grantPermissions(['notifications'], { origin: daemon.origin });
    // The stand-in for the browser's push service: a subscription on the receiver, with the test's keys.
    await phone.addInitScript((subscription: ReturnType<TestDevice['subscription']>) => {
      const SUBSCRIBED = 'test-push-subscribed';
      const make = () => ({
        endpoint: subscription.endpoint,
        expirationTime: null,
        options: { userVisibleOnly: true, applicationServerKey: null },
        getKey: () => null,
        toJSON: () => subscription,
        unsubscribe: async () => {
          localStorage.removeItem(SUBSCRIBED);
          return true;
        },
      });
      PushManager.prototype.subscribe = async function (options?: PushSubscriptionOptionsInit) {
        const key = options?.applicationServerKey;
        const bytes = key instanceof Uint8Array ? key : key instanceof ArrayBuffer ? new Uint8Array(key) : new Uint8Array();
        localStorage.setItem(SUBSCRIBED, btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
        return make() as unknown as PushSubscription;
      };
      PushManager.prototype.getSubscription = async function () {
        return (localStorage.getItem(SUBSCRIBED) ? make() : null) as unknown as PushSubscription | null;
      };
    }, thisPhone.subscription());
    page = await phone.newPage();
    errors = collectErrors(page);
    page.on('websocket', (socket) =>
      socket.on('framesent', ({ payload }) => {
        if (typeof payload !== 'string' || !payload.includes('"presence"')) return;
        presenceFrames.push(JSON.parse(payload) as (typeof presenceFrames)[number]);
      }),
    );
    cdp = await phone.newCDPSession(page);
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
      for (const r of updated) registrations.set(r.registrationId, r);
    });
    await cdp.send('ServiceWorker.enable');

    await setUpOwnerInBrowser(page, daemon, PASSWORD);
    await page.getByRole('status', { name: /Connection: Connected/ }).waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);
  });

  afterAll(async () => {
    await phone?.close();
    await browser?.close();
    if (home) await destroyHome(home, daemon);
    await receiver?.stop();
    for (const dir of [bin, userHome, workDir, certDir]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('turns notifications on for this phone from Settings, with the daemon key and a name it can change', async () => {
    await page.goto(`${daemon.origin}/settings`);
    const panel = page.getByTestId('notifications-panel');
    await panel.getByTestId('no-devices').waitFor();
    const name = panel.getByLabel('Device name');
    expect(await name.inputValue()).toBe('Chrome on Android');
    await name.fill('Pocket phone');
    await panel.getByRole('button', { name: 'Turn on notifications' }).click();
    await panel.locator('[data-state="subscribed"]').waitFor();

    const row = panel.getByTestId('push-device');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Pocket phone\s*this device.*Android.*No push sent yet/s);
    const devices = await api<PushDevice[]>('GET', '/api/push/subscriptions');
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ name: 'Pocket phone', pushService: receiver.origin });
    phoneId = devices[0]!.id;
    // The page subscribed with the key the daemon serves (never one built into the app).
    const { publicKey } = await api<{ publicKey: string }>('GET', '/api/push/vapid-public-key');
    expect(await page.evaluate(() => localStorage.getItem('test-push-subscribed'))).toBe(publicKey);

    // The section at the top of the screen, under the sticky header.
    await page.evaluate(() => {
      document.getElementById('notifications-title')!.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -(document.querySelector('header')!.getBoundingClientRect().height + 12));
    });
    expect(await layoutProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}settings-notifications-phone.png` });
    await page.setViewportSize(SMALL_PHONE.viewport);
    expect(await layoutProblems(page)).toEqual([]);
    await page.setViewportSize(PHONE.viewport);
  });

  it('sends a test push that the service worker shows, renames the device and changes the defaults', async () => {
    const panel = page.getByTestId('notifications-panel');
    await panel.getByRole('button', { name: 'Send a test notification to Pocket phone' }).click();
    await panel.getByTestId('test-result').filter({ hasText: 'Test sent' }).waitFor();
    const [received] = await receiver.waitFor(thisPhone.path, 1);
    const test = thisPhone.decrypt(received!);
    expect(test).toMatchObject({ kind: 'test', sessionId: null, url: '/settings' });

    await deliver(test);
    await expect.poll(async () => (await shown('test')).map((n) => n.title)).toEqual(['CodePiper test notification']);
    expect((await shown('test'))[0]).toMatchObject({ body: 'Push notifications reach Pocket phone.', actions: [], requireInteraction: false });

    await panel.getByRole('button', { name: 'Rename Pocket phone' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Work phone');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await panel.getByText('Work phone').waitFor();
    expect((await api<PushDevice[]>('GET', '/api/push/subscriptions'))[0]!.name).toBe('Work phone');

    const complete = panel.getByRole('checkbox', { name: /Session complete/ });
    expect(await complete.isChecked()).toBe(true);
    await complete.uncheck();
    await expect.poll(async () => (await api<{ complete: boolean }>('GET', '/api/push/settings')).complete).toBe(false);
    await complete.check();
    await expect.poll(async () => (await api<{ complete: boolean }>('GET', '/api/push/settings')).complete).toBe(true);
    expect(await panel.getByRole('checkbox', { name: /even while I'm viewing/ }).isChecked()).toBe(false);
  });

  it('pushes an ask-rule approval once to the device not viewing the session, none to the one viewing it, and approves from the notification', async () => {
    await cli(home, 'policy', 'add', 'ask', '--tool', 'Bash');
    const registered = await api<SubscribeResponse>('POST', '/api/push/subscriptions', { ...laptop.subscription(), name: 'Laptop' });
    expect(registered.created).toBe(true);
    agent = JSON.parse(await cli(home, 'start', '--provider', 'claude', '--name', 'pushed-agent', '--cwd', workDir, '--json')) as Session;
    await expect.poll(() => agentStateOf(agent.id), { timeout: 20_000 }).toBe('waiting-input');

    // The phone shows the session: its presence (with its endpoint) reaches the daemon first.
    await page.goto(`${daemon.origin}/sessions/${agent.id}`);
    await page.locator('[data-painted="true"]').waitFor();
    await expect.poll(() => presenceFrames.some((f) => f.session === agent.id && f.visible && f.endpoint === thisPhone.endpoint)).toBe(true);

    await cli(home, 'send', agent.id, '--', 'run echo pushed-approval');
    await receiver.waitFor(laptop.path, 1);
    const [request] = payloads(laptop, agent.id);
    expect(request).toMatchObject({ kind: 'approval', sessionName: 'pushed-agent', tool: 'Bash', summary: 'echo pushed-approval', title: 'pushed-agent: allow Bash?' });
    const pending = (await approvalsJson()).find((a) => a.session === agent.id)!;
    expect(request!.approvalId).toBe(pending.id);
    const skipped = (await api<PushDelivery[]>('GET', `/api/push/deliveries?device=${phoneId}`)).filter((d) => d.session === agent.id);
    expect(skipped).toEqual([expect.objectContaining({ event: 'approval', outcome: 'skipped', attempt: 0 })]);

    // The laptop's push, delivered to this browser's real service worker: shown with Approve and Deny.
    await deliver(request!);
    const tag = request!.tag;
    await expect.poll(async () => (await shown(tag)).length).toBe(1);
    expect((await shown(tag))[0]).toMatchObject({
      title: 'pushed-agent: allow Bash?',
      body: 'echo pushed-approval',
      requireInteraction: true,
      actions: [
        { action: 'approve', title: 'Approve' },
        { action: 'deny', title: 'Deny' },
      ],
    });

    // Approve, from the notification: the worker answers with the login cookie; the held hook lets the command run.
    await click(tag, 'approve');
    await waitForTerminalText(page, 'Ran echo pushed-approval.');
    expect((await approvalsJson('--all')).find((a) => a.id === pending.id)).toMatchObject({ status: 'approved' });
    expect(await shown(tag)).toEqual([expect.objectContaining({ title: 'Bash approved', body: 'echo pushed-approval', actions: [] })]);

    // A second tap on a request already answered (409) adds nothing.
    await deliver(request!);
    await expect.poll(async () => (await shown(tag))[0]?.title).toBe('pushed-agent: allow Bash?');
    await click(tag, 'deny');
    expect(await shown(tag)).toEqual([]);
    expect((await approvalsJson('--all')).find((a) => a.id === pending.id)).toMatchObject({ status: 'approved' });

    // The turn ends (a "complete" the laptop gets too); by then the phone, still viewing, got nothing at all.
    await expect.poll(() => payloads(laptop, agent.id).map((p) => p.kind), { timeout: 20_000 }).toContain('complete');
    expect(payloads(laptop, agent.id).filter((p) => p.kind === 'approval')).toHaveLength(1);
    expect(payloads(thisPhone, agent.id)).toEqual([]);
    expect(errors.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  });

  it('lists notifications in the inbox, newest first and unread marked, and opening the session reads them', async () => {
    await page.goto(`${daemon.origin}/approvals`);
    await page.getByTestId('no-pending').waitFor();
    await expect.poll(() => presenceFrames.at(-1)?.session).toBe(null);
    const before = receiver.to(thisPhone.path).length;
    await cli(home, 'send', agent.id, '--', 'say hello');
    // Not viewing the session any more: this time the phone is pushed too.
    await receiver.waitFor(thisPhone.path, before + 1);
    expect(payloads(thisPhone, agent.id).map((p) => p.kind)).toEqual(['complete']);

    const newest = page.getByTestId('notification').first();
    await expect.poll(() => newest.getAttribute('data-unread')).toBe('true');
    expect(await newest.textContent()).toMatch(/pushed-agent: finished.*complete\s*The agent finished its turn/s);
    expect(await newest.getByRole('link').getAttribute('href')).toBe(`/sessions/${agent.id}`);
    expect(await page.getByTestId('unread-count').textContent()).toBe('1');
    const ids = await page.getByTestId('notification').evaluateAll((items) => items.map((item) => Number(item.getAttribute('data-notification-id'))));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(await layoutProblems(page)).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}inbox-phone.png` });

    await page.getByRole('link', { name: 'Back to sessions' }).click();
    await page.getByRole('link', { name: 'Inbox: 1 unread' }).waitFor();
    expect(await page.getByTestId('inbox-badge').textContent()).toBe('1');
    await page.setViewportSize(SMALL_PHONE.viewport);
    expect(await layoutProblems(page)).toEqual([]);
    await page.setViewportSize(PHONE.viewport);

    await page.getByRole('link', { name: 'Inbox: 1 unread' }).click();
    await newest.getByRole('link').click();
    await page.waitForURL(`**/sessions/${agent.id}`);
    await expect.poll(async () => (await api<NotificationListResponse>('GET', '/api/notifications')).unreadBySession[agent.id] ?? 0).toBe(0);
    await page.getByRole('link', { name: 'Back to sessions' }).click();
    await page.getByRole('link', { name: 'Inbox', exact: true }).waitFor();
    expect(await page.getByTestId('inbox-badge').count()).toBe(0);
  });

  it("opens the session from a tap on its notification, and sets the session's own notifications from its bell", async () => {
    const [complete] = payloads(thisPhone, agent.id);
    await deliver(complete!);
    await expect.poll(async () => (await shown(complete!.tag)).map((n) => n.title)).toEqual(['pushed-agent: finished']);
    await click(complete!.tag, '');
    await page.waitForURL(`**/sessions/${agent.id}`);
    expect(await shown(complete!.tag)).toEqual([]);

    await page.getByRole('button', { name: 'Notifications for this session' }).click();
    const dialog = page.getByRole('dialog', { name: 'Notifications for pushed-agent' });
    await dialog.getByTestId('session-notify-summary').filter({ hasText: 'Defaults: all on' }).waitFor();
    const completeGroup = dialog.getByRole('group', { name: 'Session complete' });
    expect(await completeGroup.getByRole('radio', { name: 'Default (on)' }).isChecked()).toBe(true);
    await completeGroup.getByText('Off', { exact: true }).click();
    await dialog.getByTestId('session-notify-summary').filter({ hasText: 'Custom: only session crashed, permission request' }).waitFor();
    const settings = await api<SessionNotificationSettings>('GET', `/api/sessions/${agent.id}/notifications`);
    expect(settings).toMatchObject({ overrides: { complete: false, crashed: null, approval: null }, effective: { complete: false, crashed: true, approval: true } });
    expect(await layoutProblems(page)).toEqual([]);

    await completeGroup.getByText('Default (on)').click();
    await dialog.getByTestId('session-notify-summary').filter({ hasText: 'Defaults: all on' }).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    expect(errors.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  });
});
