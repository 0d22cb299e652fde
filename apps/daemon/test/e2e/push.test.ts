import { mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Approval, NotificationListResponse, PushDelivery, PushDevice, PushPayload, PushTestResponse, Session, SubscribeResponse } from '@codepiper/protocol';
import { DaemonSet } from './support/daemon-set.js';
import type { DaemonProcess } from './support/daemon-process.js';
import { http } from './support/http-client.js';
import { bearer, createToken, web } from './support/owner.js';
import { makeReceiverCert, PushReceiver, TestDevice, verifyVapid, type ReceivedPush } from './support/push-receiver.js';
import { waitFor } from './support/wait-for.js';
import { TestWsClient } from './support/ws-test-client.js';

const SUBJECT = 'mailto:owner@example.com';
/** The fake Claude Code of the CLI's end-to-end tests: the real binary's flags, hooks and permission dialog. */
const FAKE_CLAUDE = fileURLToPath(new URL('../../../cli/test/e2e/support/fake-claude.mjs', import.meta.url));

describe('push notifications', () => {
  const daemons = new DaemonSet();
  let daemon: DaemonProcess;
  let receiver: PushReceiver;
  let certDir: string;
  const clients: TestWsClient[] = [];
  let deviceCount = 0;

  beforeAll(async () => {
    certDir = await mkdtemp(join(tmpdir(), 'codepiper-push-cert-'));
    const cert = makeReceiverCert(certDir);
    receiver = await PushReceiver.start(cert);
    // The daemon trusts the receiver's self-signed certificate the way an owner would trust a private CA.
    ({ daemon } = await daemons.startOwned({ args: ['--push-subject', SUBJECT], env: { NODE_EXTRA_CA_CERTS: cert.certPath } }));
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    for (const device of (await http(daemon, 'GET', '/api/push/subscriptions')).json<PushDevice[]>()) {
      await http(daemon, 'DELETE', `/api/push/subscriptions/${device.id}`);
    }
    await http(daemon, 'PUT', '/api/push/settings', { complete: true, crashed: true, approval: true, pushWhileViewing: false });
  });

  afterAll(async () => {
    await daemons.destroyAll();
    await receiver.stop();
    await rm(certDir, { recursive: true, force: true });
  });

  /** A new browser with its own keys, subscribed to the daemon. */
  const subscribe = async (label: string): Promise<{ device: TestDevice; id: string }> => {
    const device = new TestDevice(receiver, `${label}-${++deviceCount}`);
    const answer = await http(daemon, 'POST', '/api/push/subscriptions', { ...device.subscription(), name: device.name });
    expect(answer.status).toBe(201);
    return { device, id: answer.json<SubscribeResponse>().device.id };
  };

  const start = async (command: string[]): Promise<Session> => (await http(daemon, 'POST', '/api/sessions', { command })).json<Session>();

  /** A session that waits for a line on stdin, then exits with `code`: it ends only when the test says so. */
  const startWaiting = (code: number): Promise<Session> => start(['sh', '-c', `read line; exit ${code}`]);
  const release = async (session: Session): Promise<void> => {
    expect((await http(daemon, 'POST', `/api/sessions/${session.id}/input`, { text: 'go', enter: true })).status).toBe(200);
  };

  const inboxOf = async (session: Session) => waitFor(async () => {
    const inbox = (await http(daemon, 'GET', `/api/notifications?session=${session.id}`)).json<NotificationListResponse>();
    return inbox.notifications.length > 0 && inbox;
  }, `the inbox entry of ${session.id}`);

  const deliveries = async (query = ''): Promise<PushDelivery[]> => (await http(daemon, 'GET', `/api/push/deliveries${query}`)).json<PushDelivery[]>();

  const payloadsFor = (device: TestDevice, session: Session): PushPayload[] =>
    receiver.to(device.path).map((p) => device.decrypt(p)).filter((p) => p.sessionId === session.id);

  /** A WebSocket client (unix socket: the local owner) announcing what this device shows; resolves once the daemon has read it. */
  const showing = async (device: TestDevice, session: Session): Promise<void> => {
    const client = await TestWsClient.connect(`ws+unix://${daemon.socket}:/ws`);
    clients.push(client);
    client.send({ type: 'presence', session: session.id, visible: true, endpoint: device.endpoint });
    // Messages are handled in order: once the pong is back, the presence is recorded.
    client.send({ type: 'ping', t: 1 });
    await client.message('pong', (m) => m.t === 1);
  };

  it('generates VAPID keys once, keeps them 0600 under keys/, and serves the public key', async () => {
    const file = join(daemon.home, 'keys', 'vapid.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(await readFile(file, 'utf8')) as { publicKey: string; privateKey: string };
    const served = await http(daemon, 'GET', '/api/push/vapid-public-key');
    expect(served.json()).toEqual({ publicKey: stored.publicKey });
    expect(Buffer.from(stored.publicKey, 'base64url')).toHaveLength(65);
    expect(served.body.toString()).not.toContain(stored.privateKey);
  });

  it('registers, refreshes, renames and removes devices without ever showing their keys', async () => {
    const device = new TestDevice(receiver, `phone-${++deviceCount}`);
    const userAgent = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
    const created = await http(daemon, 'POST', '/api/push/subscriptions', device.subscription(), { 'user-agent': userAgent });
    expect(created.status).toBe(201);
    const { device: listed } = created.json<SubscribeResponse>();
    expect(listed).toMatchObject({ name: 'Chrome on Android', platform: 'Chrome on Android', pushService: receiver.origin, failures: 0, lastDelivery: null });
    expect(created.body.toString()).not.toContain(device.subscription().keys.auth);

    const again = await http(daemon, 'POST', '/api/push/subscriptions', device.subscription());
    expect(again.status).toBe(200);
    expect(again.json<SubscribeResponse>()).toMatchObject({ created: false, device: { id: listed.id } });

    const renamed = await http(daemon, 'POST', `/api/push/subscriptions/${listed.id.slice(0, 4)}/rename`, { name: 'My phone' });
    expect(renamed.json<PushDevice>().name).toBe('My phone');
    const list = await http(daemon, 'GET', '/api/push/subscriptions');
    expect(list.json<PushDevice[]>().map((d) => d.name)).toEqual(['My phone']);
    expect(list.body.toString()).not.toMatch(/p256dh|auth"|\/push\//);

    // Node's client sends a DELETE body only with an explicit length (browsers always send one).
    const body = JSON.stringify({ endpoint: device.endpoint });
    const unsubscribed = await http(daemon, 'DELETE', '/api/push/subscriptions', body, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    expect(unsubscribed.status).toBe(204);
    expect((await http(daemon, 'DELETE', `/api/push/subscriptions?endpoint=${encodeURIComponent(device.endpoint)}`)).status).toBe(404);
    expect((await http(daemon, 'GET', '/api/push/subscriptions')).json()).toEqual([]);
  });

  it('refuses subscriptions that are not https or whose keys have the wrong length', async () => {
    const good = new TestDevice(receiver, 'bad-input').subscription();
    const bad = [
      { ...good, endpoint: good.endpoint.replace('https:', 'http:') },
      { ...good, keys: { ...good.keys, p256dh: good.keys.p256dh.slice(0, 40) } },
      { ...good, keys: { ...good.keys, auth: 'short' } },
      { endpoint: good.endpoint },
    ];
    for (const body of bad) {
      const answer = await http(daemon, 'POST', '/api/push/subscriptions', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.json<{ error: { code: string } }>().error.code).toBe('bad_request');
    }
  });

  it('pushes one "crashed" notification for a non-zero exit: decryptable, with TTL, Urgency, Topic and a valid VAPID JWT', async () => {
    const { device } = await subscribe('crash');
    const feed = await TestWsClient.connect(`ws+unix://${daemon.socket}:/ws`);
    clients.push(feed);
    feed.send({ type: 'subscribe-sessions' });
    await feed.message('sessions');
    const session = await start(['sh', '-c', 'exit 3']);
    const [push] = await receiver.waitFor(device.path, 1);
    const payload = device.decrypt(push!);
    expect(payload).toMatchObject({
      kind: 'crashed',
      sessionId: session.id,
      sessionName: session.name,
      title: `${session.name}: crashed`,
      body: 'The process exited with code 3.',
      url: `/sessions/${session.id}`,
      tag: `session-${session.id}`,
    });
    expect(push!.headers).toMatchObject({ ttl: '86400', urgency: 'normal', 'content-encoding': 'aes128gcm' });
    expect(push!.headers.topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(push!.body.length).toBeLessThanOrEqual(4096);

    const claims = verifyVapid(push!);
    const now = Math.floor(Date.now() / 1000);
    expect(claims.aud).toBe(receiver.origin);
    expect(claims.sub).toBe(SUBJECT);
    expect(claims.exp).toBeGreaterThan(now);
    expect(claims.exp).toBeLessThanOrEqual(now + 24 * 60 * 60);
    expect(claims.publicKey).toBe((await http(daemon, 'GET', '/api/push/vapid-public-key')).json<{ publicKey: string }>().publicKey);

    const inbox = await inboxOf(session);
    expect(inbox.notifications).toMatchObject([{ kind: 'crashed', session: session.id, readAt: null }]);
    expect(payload.notificationId).toBe(inbox.notifications[0]!.id);
    await feed.message('notification', (m) => m.notification.session === session.id);
    await waitFor(async () => (await deliveries()).some((d) => d.session === session.id && d.outcome === 'delivered' && d.status === 201), 'the delivery to be logged');
    expect(payloadsFor(device, session)).toHaveLength(1);
  });

  it('pushes "complete" for an exit 0, with the same topic a crash of that session would use', async () => {
    const { device } = await subscribe('complete');
    const session = await start(['true']);
    const [push] = await receiver.waitFor(device.path, 1);
    expect(device.decrypt(push!)).toMatchObject({ kind: 'complete', sessionId: session.id, title: `${session.name}: finished` });
    expect(push!.headers).toMatchObject({ ttl: '86400', urgency: 'normal' });
    const other = await start(['sh', '-c', 'exit 1']);
    const pushes = await receiver.waitFor(device.path, 2);
    expect(device.decrypt(pushes[1]!).sessionId).toBe(other.id);
    expect(pushes[1]!.headers.topic).not.toBe(push!.headers.topic);
  });

  it.each([404, 410])('removes a device whose push service answers %i, and logs it', async (status) => {
    const { device, id } = await subscribe(`gone${status}`);
    receiver.script(device.path, { status });
    const session = await start(['true']);
    await receiver.waitFor(device.path, 1);
    await waitFor(async () => !(await http(daemon, 'GET', '/api/push/subscriptions')).json<PushDevice[]>().some((d) => d.id === id), 'the device to be removed');
    const logged = (await deliveries()).filter((d) => d.session === session.id);
    expect(logged).toMatchObject([{ device: null, deviceName: device.name, outcome: 'gone', status, attempt: 1 }]);
  });

  it('retries 429 (after its Retry-After) and 500, then delivers; every attempt is logged', async () => {
    const { device, id } = await subscribe('retry');
    receiver.script(device.path, { status: 429, headers: { 'retry-after': '1' } }, { status: 500, body: 'overloaded' });
    const session = await start(['true']);
    const pushes = await receiver.waitFor(device.path, 3);
    expect(pushes.map((p) => p.answered)).toEqual([429, 500, 201]);
    expect(pushes.map((p) => device.decrypt(p).sessionId)).toEqual([session.id, session.id, session.id]);
    const attempts = await waitFor(async () => {
      const rows = (await deliveries(`?device=${id}`)).filter((d) => d.session === session.id);
      return rows.length === 3 && rows;
    }, 'three logged attempts');
    expect(attempts.reverse()).toMatchObject([
      { attempt: 1, outcome: 'retrying', status: 429 },
      { attempt: 2, outcome: 'retrying', status: 500 },
      { attempt: 3, outcome: 'delivered', status: 201, error: null },
    ]);
    expect(attempts[0]!.error).toMatch(/retrying in 1 s/);
    expect(attempts[1]!.error).toMatch(/HTTP 500: overloaded/);
    // Retry-After: 1 was honoured before the second attempt.
    expect(Date.parse(attempts[1]!.at) - Date.parse(attempts[0]!.at)).toBeGreaterThanOrEqual(900);
    const listed = (await http(daemon, 'GET', '/api/push/subscriptions')).json<PushDevice[]>().find((d) => d.id === id);
    expect(listed).toMatchObject({ failures: 0, lastDelivery: { outcome: 'delivered', status: 201 } });
  });

  it('does not push to a device that shows the session in a visible tab, but still pushes to the others', async () => {
    const { device: viewer, id: viewerId } = await subscribe('viewer');
    const { device: away } = await subscribe('away');
    const session = await startWaiting(0);
    await showing(viewer, session);
    await release(session);
    await receiver.waitFor(away.path, 1);
    expect(payloadsFor(away, session).map((p) => p.kind)).toEqual(['complete']);
    expect(receiver.to(viewer.path)).toEqual([]);
    const skipped = (await deliveries(`?device=${viewerId}`)).filter((d) => d.session === session.id);
    expect(skipped).toMatchObject([{ outcome: 'skipped', attempt: 0, status: null, error: 'the device shows this session in a visible tab' }]);
    expect((await inboxOf(session)).notifications).toHaveLength(1);
  });

  it('pushes to the viewing device too when pushWhileViewing is on', async () => {
    const { device: viewer } = await subscribe('viewer-on');
    const settings = await http(daemon, 'PUT', '/api/push/settings', { pushWhileViewing: true });
    expect(settings.json()).toEqual({ complete: true, crashed: true, approval: true, pushWhileViewing: true });
    const session = await startWaiting(5);
    await showing(viewer, session);
    await release(session);
    const [push] = await receiver.waitFor(viewer.path, 1);
    expect(viewer.decrypt(push!)).toMatchObject({ kind: 'crashed', sessionId: session.id });
  });

  it('pushes nothing for a kind switched off for the session, yet keeps the inbox entry', async () => {
    const { device } = await subscribe('override');
    const quiet = await startWaiting(0);
    const set = await http(daemon, 'PUT', `/api/sessions/${quiet.id}/notifications`, { complete: false });
    expect(set.json()).toEqual({ session: quiet.id, overrides: { complete: false, crashed: null, approval: null }, effective: { complete: false, crashed: true, approval: true } });
    await release(quiet);
    await inboxOf(quiet);
    // A later session that is pushed: by the time its push arrives, a push for the first would have too.
    const loud = await start(['true']);
    await receiver.waitFor(device.path, 1);
    expect(receiver.to(device.path).map((p) => device.decrypt(p).sessionId)).toEqual([loud.id]);
    expect((await deliveries()).filter((d) => d.session === quiet.id)).toEqual([]);
    const cleared = await http(daemon, 'PUT', `/api/sessions/${quiet.id}/notifications`, { complete: null });
    expect(cleared.json()).toMatchObject({ overrides: { complete: null }, effective: { complete: true } });
  });

  it('keeps an inbox with unread counts, marked read by session or by id', async () => {
    const a = await start(['sh', '-c', 'exit 2']);
    const b = await start(['true']);
    await inboxOf(a);
    await inboxOf(b);
    const inbox = (await http(daemon, 'GET', '/api/notifications?unread=true')).json<NotificationListResponse>();
    expect(inbox.unreadBySession[a.id]).toBe(1);
    expect(inbox.unreadBySession[b.id]).toBe(1);
    const read = await http(daemon, 'POST', '/api/notifications/read', { session: a.name });
    expect(read.json()).toEqual({ marked: 1, unread: inbox.unread - 1 });
    const entryB = inbox.notifications.find((n) => n.session === b.id)!;
    expect((await http(daemon, 'POST', '/api/notifications/read', { ids: [entryB.id] })).json()).toMatchObject({ marked: 1 });
    const after = (await http(daemon, 'GET', `/api/notifications?session=${b.id}`)).json<NotificationListResponse>();
    expect(after.notifications[0]!.readAt).not.toBeNull();
    expect((await http(daemon, 'POST', '/api/notifications/read', {})).status).toBe(400);
  });

  it('sends a test push to one device and reports its first attempt', async () => {
    const { device, id } = await subscribe('test');
    const { device: other } = await subscribe('test-other');
    const answer = await http(daemon, 'POST', '/api/push/test', { device: id });
    expect(answer.json<PushTestResponse>()).toEqual({ results: [{ device: id, name: device.name, outcome: 'delivered', status: 201, error: null }] });
    const [push] = receiver.to(device.path) as [ReceivedPush];
    expect(device.decrypt(push)).toMatchObject({ kind: 'test', sessionId: null, title: 'CodePiper test notification' });
    expect(receiver.to(other.path)).toEqual([]);
    expect((await http(daemon, 'POST', '/api/push/test', { device: 'ffffffff' })).status).toBe(404);
  });

  it('lets a read-only token read devices, settings, the log and the inbox, and nothing more', async () => {
    const { id } = await subscribe('readonly');
    const token = (await createToken(daemon, `push-viewer-${deviceCount}`, true)).token;
    for (const path of ['/api/push/vapid-public-key', '/api/push/subscriptions', '/api/push/deliveries', '/api/push/settings', '/api/notifications']) {
      expect((await http(web(daemon), 'GET', path, undefined, bearer(token))).status, path).toBe(200);
    }
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/api/push/test', {}],
      ['PUT', '/api/push/settings', { complete: false }],
      ['POST', `/api/push/subscriptions/${id}/rename`, { name: 'x' }],
      ['DELETE', `/api/push/subscriptions/${id}`, undefined],
      ['POST', '/api/notifications/read', { all: true }],
      ['POST', '/api/push/subscriptions', new TestDevice(receiver, 'ro').subscription()],
    ];
    for (const [method, path, body] of writes) {
      expect((await http(web(daemon), method, path, body, bearer(token))).status, `${method} ${path}`).toBe(403);
    }
    expect((await http(daemon, 'GET', '/api/push/settings')).json()).toMatchObject({ complete: true });
  });
});

describe('push notifications for an agent session', () => {
  const daemons = new DaemonSet();
  let daemon: DaemonProcess;
  let receiver: PushReceiver;
  let scratch: string;
  let viewerClient: TestWsClient | undefined;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'codepiper-push-agent-'));
    const cert = makeReceiverCert(scratch);
    receiver = await PushReceiver.start(cert);
    await symlink(FAKE_CLAUDE, join(scratch, 'claude'));
    daemon = await daemons.start({
      args: ['--push-subject', SUBJECT],
      env: { NODE_EXTRA_CA_CERTS: cert.certPath, PATH: `${scratch}:${process.env.PATH ?? ''}`, HOME: scratch },
    });
  });

  afterAll(async () => {
    await viewerClient?.close();
    await daemons.destroyAll();
    await receiver.stop();
    await rm(scratch, { recursive: true, force: true });
  });

  const sessionOf = async (id: string): Promise<Session> => (await http(daemon, 'GET', `/api/sessions/${id}`)).json<Session>();
  const until = <T>(probe: () => Promise<T | undefined | false>, what: string) => waitFor(probe, what, 20_000);

  it('pushes an "ask" approval once to the device that is not viewing the session and none to the one that is; a finished turn and the exit after it make one "complete"', async () => {
    const away = new TestDevice(receiver, 'agent-away');
    const viewer = new TestDevice(receiver, 'agent-viewer');
    for (const device of [away, viewer]) expect((await http(daemon, 'POST', '/api/push/subscriptions', device.subscription())).status).toBe(201);
    const agent = (await http(daemon, 'POST', '/api/sessions', { provider: 'claude', cwd: scratch })).json<Session>();
    await until(async () => (await sessionOf(agent.id)).agentState?.reason === 'ready', 'the agent to be ready');

    viewerClient = await TestWsClient.connect(`ws+unix://${daemon.socket}:/ws`);
    viewerClient.send({ type: 'presence', session: agent.id, visible: true, endpoint: viewer.endpoint });
    viewerClient.send({ type: 'ping', t: 2 });
    await viewerClient.message('pong', (m) => m.t === 2);

    // No policy rule matches: the call is asked, and the hook waits for the owner.
    await http(daemon, 'POST', `/api/sessions/${agent.id}/input`, { text: 'run echo pushed-approval', enter: true });
    const [asked] = await receiver.waitFor(away.path, 1);
    const payload = away.decrypt(asked!);
    const approval = (await http(daemon, 'GET', '/api/approvals')).json<Approval[]>().find((a) => a.session === agent.id)!;
    expect(payload).toMatchObject({
      kind: 'approval',
      sessionId: agent.id,
      approvalId: approval.id,
      tool: 'Bash',
      summary: 'echo pushed-approval',
      title: `${agent.name}: allow Bash?`,
      url: `/sessions/${agent.id}?approval=${approval.id}`,
      tag: `approval-${approval.id}`,
    });
    expect(asked!.headers.urgency).toBe('high');
    const ttl = Number(asked!.headers.ttl);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(Math.ceil((Date.parse(approval.expiresAt) - Date.now()) / 1000) + 1);

    // Approved here: the away device's notification is replaced (same topic and tag), the command runs, the turn ends.
    expect((await http(daemon, 'POST', `/api/approvals/${approval.id}/approve`, {})).status).toBe(200);
    const pushes = await receiver.waitFor(away.path, 3);
    const [resolved, complete] = [away.decrypt(pushes[1]!), away.decrypt(pushes[2]!)];
    expect(resolved).toMatchObject({ kind: 'approval-resolved', approvalId: approval.id, decision: 'approved', tag: payload.tag });
    expect(pushes[1]!.headers.topic).toBe(asked!.headers.topic);
    expect(pushes[1]!.headers.urgency).toBe('low');
    expect(complete).toMatchObject({ kind: 'complete', sessionId: agent.id, body: 'The agent finished its turn and waits for you.' });

    // The agent exits 0 right after its finished turn: the same outcome, not a second "complete".
    await http(daemon, 'POST', `/api/sessions/${agent.id}/input`, { text: '/exit', enter: true });
    await until(async () => (await sessionOf(agent.id)).status === 'exited', 'the agent to exit');
    // Events are handled in order: once a later session's entry is in the inbox, the exit has been handled.
    const later = (await http(daemon, 'POST', '/api/sessions', { command: ['true'] })).json<Session>();
    await until(async () => (await http(daemon, 'GET', `/api/notifications?session=${later.id}`)).json<NotificationListResponse>().notifications.length > 0, 'the later entry');
    await receiver.waitFor(away.path, 4);
    await receiver.waitFor(viewer.path, 1);

    const inbox = (await http(daemon, 'GET', `/api/notifications?session=${agent.id}`)).json<NotificationListResponse>();
    expect(inbox.notifications.map((n) => n.kind)).toEqual(['complete', 'approval']);
    expect(receiver.to(away.path).map((p) => away.decrypt(p)).filter((p) => p.sessionId === agent.id).map((p) => p.kind)).toEqual(['approval', 'approval-resolved', 'complete']);
    expect(receiver.to(viewer.path).map((p) => viewer.decrypt(p).sessionId)).toEqual([later.id]);
  });
});
