import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrame, type Session } from '@codepiper/protocol';
import { DaemonSet } from '../support/daemon-set.js';
import type { DaemonProcess } from '../support/daemon-process.js';
import { http } from '../support/http-client.js';
import { bearer, createToken, web } from '../support/owner.js';
import { waitFor } from '../support/wait-for.js';
import { TestWsClient } from '../support/ws-test-client.js';

describe('read-only API token', () => {
  const daemons = new DaemonSet();
  let daemon: DaemonProcess;
  let token: string;
  let session: Session;
  let viewer: TestWsClient | undefined;

  beforeAll(async () => {
    ({ daemon } = await daemons.startOwned());
    token = (await createToken(daemon, 'viewer', true)).token;
    session = (await http(daemon, 'POST', '/api/sessions', { name: 'shared', command: ['sh'], env: { PS1: '$ ' } })).json<Session>();
  });

  afterAll(async () => {
    await viewer?.close();
    await daemons.destroyAll();
  });

  const log = async () => (await http(daemon, 'GET', `/api/sessions/${session.id}/log`)).body.toString('utf8');

  it('reads sessions, logs and events over HTTP', async () => {
    for (const path of ['/api/sessions', `/api/sessions/${session.id}`, `/api/sessions/${session.id}/log`, `/api/sessions/${session.id}/events`, '/api/status', '/api/auth/me', '/api/providers', '/api/approvals?status=all']) {
      expect((await http(web(daemon), 'GET', path, undefined, bearer(token))).status, path).toBe(200);
    }
    expect((await http(web(daemon), 'GET', '/api/auth/me', undefined, bearer(token))).json()).toMatchObject({ via: 'token', readOnly: true });
  });

  it('is refused every write over HTTP with 403', async () => {
    const before = (await http(daemon, 'GET', '/api/sessions?all=true')).json<Session[]>().length;
    const writes: Array<[string, string, unknown]> = [
      ['POST', `/api/sessions/${session.id}/input`, { text: 'echo ro-http-injected', enter: true }],
      ['POST', '/api/sessions', { command: ['true'] }],
      ['POST', `/api/sessions/${session.id}/stop`, {}],
      ['POST', `/api/sessions/${session.id}/kill`, {}],
      ['POST', `/api/sessions/${session.id}/resize`, { cols: 50, rows: 10 }],
      ['POST', `/api/sessions/${session.id}/rename`, { name: 'renamed' }],
      ['DELETE', `/api/sessions/${session.id}?force=true`, undefined],
      ['POST', '/api/auth/tokens', { name: 'escalated' }],
      ['POST', '/api/auth/ws-ticket', {}],
      ['POST', '/api/auth/logins/revoke-all', {}],
      ['POST', '/api/shutdown', {}],
      ['POST', '/api/approvals/0000abcd/approve', { remember: true }],
      ['POST', '/api/approvals/0000abcd/deny', {}],
    ];
    for (const [method, path, body] of writes) {
      const answer = await http(web(daemon), method, path, body, bearer(token));
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
    const after = (await http(daemon, 'GET', `/api/sessions/${session.id}`)).json<Session>();
    expect(after).toMatchObject({ status: 'running', name: 'shared', cols: session.cols, rows: session.rows });
    expect((await http(daemon, 'GET', '/api/sessions?all=true')).json<Session[]>().length).toBe(before);
    expect(await log()).not.toContain('ro-http-injected');
  });

  it('streams output to a read-only WebSocket but refuses its text input, binary input, resize and take-control', async () => {
    viewer = await TestWsClient.connect(`ws://127.0.0.1:${daemon.wsPort}/ws`, { headers: bearer(token) });
    viewer.send({ type: 'attach', session: session.id, control: true, cols: 40, rows: 10 });
    await viewer.message('attached');

    await http(daemon, 'POST', `/api/sessions/${session.id}/input`, { text: 'echo visible-$((6*7))', enter: true });
    await viewer.untilText(session.id, 'visible-42');

    const refusals = (): number => viewer!.messages.filter((m) => m.type === 'error' && m.code === 'forbidden').length;
    viewer.send({ type: 'input', session: session.id, data: 'echo ro-ws-injected\r' });
    viewer.socket.send(encodeFrame('input', session.id, 0, Buffer.from('echo ro-frame-injected\r')));
    viewer.send({ type: 'resize', session: session.id, cols: 20, rows: 5 });
    viewer.send({ type: 'take-control', session: session.id, cols: 20, rows: 5 });
    await viewer.until(() => refusals() === 4, 'four refusals');

    // Anything the viewer typed would have reached the shell before this marker does.
    await http(daemon, 'POST', `/api/sessions/${session.id}/input`, { text: 'echo done-$((40+2))', enter: true });
    await waitFor(async () => (await log()).includes('done-42'), 'the marker to reach the log');
    await viewer.untilText(session.id, 'done-42');
    const output = await log();
    expect(output).not.toContain('ro-ws-injected');
    expect(output).not.toContain('ro-frame-injected');
    expect((await http(daemon, 'GET', `/api/sessions/${session.id}`)).json<Session>()).toMatchObject({ cols: session.cols, rows: session.rows });
  });
});
