import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stat } from 'node:fs/promises';
import { SessionSchema, type Session } from '@codepiper/protocol';
import { destroyHome, makeHome, startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { http } from './support/http-client.js';
import { waitFor } from './support/wait-for.js';

describe('daemon HTTP API', () => {
  let home: string;
  let daemon: DaemonProcess;

  beforeAll(async () => {
    home = await makeHome();
    daemon = await startDaemonProcess(home, { web: true });
  });

  afterAll(async () => {
    await destroyHome(home, daemon);
  });

  it('answers health on the socket and on the web port, and keeps its files private', async () => {
    for (const target of [daemon, { port: daemon.webPort! }]) {
      const answer = await http(target, 'GET', '/api/health');
      expect(answer.status).toBe(200);
      expect(answer.json()).toMatchObject({ ok: true, version: expect.any(String) });
    }
    expect((await stat(home)).mode & 0o777).toBe(0o700);
    expect((await stat(daemon.socket)).mode & 0o777).toBe(0o600);
    expect((await stat(`${home}/codepiper.db`)).mode & 0o077).toBe(0);
  });

  it('runs a session through its whole life: create, input, resize, rename, stop, delete', async () => {
    const created = await http(daemon, 'POST', '/api/sessions', { name: 'life', command: ['sh'], env: { GREETING: 'hello-env' }, cols: 90, rows: 20 });
    expect(created.status).toBe(201);
    const session = SessionSchema.parse(created.json());
    expect(session).toMatchObject({ name: 'life', status: 'running', command: ['sh'], cols: 90, rows: 20, exitCode: null, endedAt: null });
    expect(session.id).toMatch(/^[0-9a-f]{8}$/);

    const byPrefix = await http(daemon, 'GET', `/api/sessions/${session.id.slice(0, 5)}`);
    expect(byPrefix.json<Session>().id).toBe(session.id);

    await http(daemon, 'POST', `/api/sessions/life/input`, { text: 'echo "$GREETING $TERM"', enter: true });
    await waitFor(async () => (await http(daemon, 'GET', `/api/sessions/life/log`)).body.includes('hello-env xterm-256color'), 'env to reach the session');

    const resized = await http(daemon, 'POST', `/api/sessions/life/resize`, { cols: 100, rows: 25 });
    expect(resized.json<Session>()).toMatchObject({ cols: 100, rows: 25 });
    await http(daemon, 'POST', `/api/sessions/life/input`, { text: 'stty size', enter: true });
    await waitFor(async () => (await http(daemon, 'GET', `/api/sessions/life/log`)).body.includes('25 100'), 'the pty to take the new size');

    const renamed = await http(daemon, 'POST', `/api/sessions/life/rename`, { name: 'life2' });
    expect(renamed.json<Session>().name).toBe('life2');

    const running = (await http(daemon, 'GET', '/api/sessions')).json<Session[]>();
    expect(running.map((s) => s.id)).toContain(session.id);

    const refused = await http(daemon, 'DELETE', `/api/sessions/life2`);
    expect(refused.status).toBe(409);

    const stopped = await http(daemon, 'POST', `/api/sessions/life2/stop`, {});
    expect(stopped.json<Session>()).toMatchObject({ status: 'stopped' });
    expect((await http(daemon, 'GET', '/api/sessions')).json<Session[]>().map((s) => s.id)).not.toContain(session.id);
    expect((await http(daemon, 'GET', '/api/sessions?all=true')).json<Session[]>().map((s) => s.id)).toContain(session.id);

    const events = (await http(daemon, 'GET', `/api/sessions/${session.id}/events`)).json<Array<{ type: string }>>();
    expect(events.map((e) => e.type)).toEqual(['created', 'resized', 'renamed', 'stop-requested', 'stopped']);

    expect((await http(daemon, 'DELETE', `/api/sessions/${session.id}`)).status).toBe(204);
    expect((await http(daemon, 'GET', `/api/sessions/${session.id}`)).status).toBe(404);
  });

  it('names unnamed sessions after their program, taking the lowest free number', async () => {
    const create = async () => (await http(daemon, 'POST', '/api/sessions', { command: ['cat'] })).json<Session>();
    const sessions = [await create(), await create(), await create()];
    expect(sessions.map((s) => s.name)).toEqual(['cat', 'cat-2', 'cat-3']);
    expect((await http(daemon, 'DELETE', `/api/sessions/cat-2?force=true`)).status).toBe(204);
    const again = await create();
    expect(again.name).toBe('cat-2');
    for (const s of [sessions[0]!, sessions[2]!, again]) {
      expect((await http(daemon, 'DELETE', `/api/sessions/${s.id}?force=true`)).status).toBe(204);
    }
  });

  it('records exit codes: exited for 0, failed for non-zero and signals', async () => {
    const ok = (await http(daemon, 'POST', '/api/sessions', { command: ['true'] })).json<Session>();
    const bad = (await http(daemon, 'POST', '/api/sessions', { command: ['sh', '-c', 'exit 3'] })).json<Session>();
    const killed = (await http(daemon, 'POST', '/api/sessions', { command: ['sh', '-c', 'kill -KILL $$'] })).json<Session>();
    const final = async (id: string) => waitFor(async () => {
      const s = (await http(daemon, 'GET', `/api/sessions/${id}`)).json<Session>();
      return s.status !== 'running' && s;
    }, `session ${id} to end`);
    expect(await final(ok.id)).toMatchObject({ status: 'exited', exitCode: 0, signal: null });
    expect(await final(bad.id)).toMatchObject({ status: 'failed', exitCode: 3 });
    expect(await final(killed.id)).toMatchObject({ status: 'failed', signal: 'SIGKILL' });
  });

  it('serves an OpenAPI document generated from the schemas', async () => {
    const doc = (await http(daemon, 'GET', '/api/openapi.json')).json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/api/health', '/api/sessions', '/api/sessions/{ref}', '/api/sessions/{ref}/input', '/api/sessions/{ref}/resize', '/api/sessions/{ref}/stop']) {
      expect(doc.paths).toHaveProperty([path]);
    }
  });

  it('serves the dashboard on the web port only', async () => {
    const page = await http({ port: daemon.webPort! }, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<html');
    const deepLink = await http({ port: daemon.webPort! }, 'GET', '/sessions/abc');
    expect(deepLink.status).toBe(200);
    const onSocket = await http(daemon, 'GET', '/');
    expect(onSocket.status).toBe(404);
  });
});
