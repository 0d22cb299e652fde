import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, type Session } from '@codepiper/protocol';
import { destroyHome, makeHome, startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { http } from './support/http-client.js';
import { TestWsClient } from './support/ws-test-client.js';

describe('daemon bad input', () => {
  let home: string;
  let daemon: DaemonProcess;
  let session: Session;

  beforeAll(async () => {
    home = await makeHome();
    daemon = await startDaemonProcess(home);
    session = (await http(daemon, 'POST', '/api/sessions', { name: 'target', command: ['cat'] })).json<Session>();
  });

  afterAll(async () => {
    await destroyHome(home, daemon);
  });

  const expectError = async (answer: Promise<{ status: number; json: <T>() => T }>, status: number, code: string, message: RegExp) => {
    const result = await answer;
    expect(result.status).toBe(status);
    const body = result.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
    expect(body.error.message).not.toMatch(/\n\s+at /);
  };

  it('answers malformed JSON with 400 and a clear message', async () => {
    await expectError(http(daemon, 'POST', '/api/sessions', '{"command": [', { 'content-type': 'application/json' }), 400, 'bad_request', /not valid JSON/);
  });

  it('answers unknown sessions with 404', async () => {
    await expectError(http(daemon, 'GET', '/api/sessions/ffffffff'), 404, 'not_found', /no session matches "ffffffff"/);
    await expectError(http(daemon, 'POST', '/api/sessions/nope/input', { text: 'x' }), 404, 'not_found', /no session matches/);
  });

  it('answers an invalid size with 400 naming the field', async () => {
    await expectError(http(daemon, 'POST', `/api/sessions/${session.id}/resize`, { cols: 0, rows: 10 }), 400, 'bad_request', /cols: columns must be between/);
    await expectError(http(daemon, 'POST', '/api/sessions', { command: ['sh'], rows: 100000 }), 400, 'bad_request', /rows/);
  });

  it('answers an unknown key name with 400', async () => {
    await expectError(http(daemon, 'POST', `/api/sessions/${session.id}/input`, { keys: ['ctrl+c', 'hyper+x'] }), 400, 'bad_request', /unknown key name "hyper\+x"/);
  });

  it('answers oversize text with 400 and an oversize body with 413', async () => {
    const text = 'x'.repeat(LIMITS.maxInputBytes + 1);
    await expectError(http(daemon, 'POST', `/api/sessions/${session.id}/input`, { text }), 400, 'bad_request', /at most/);
    const huge = 'y'.repeat(LIMITS.maxBodyBytes + 10);
    await expectError(http(daemon, 'POST', `/api/sessions/${session.id}/input`, { text: huge }), 413, 'payload_too_large', /larger than/);
  });

  it('rejects a cwd that does not exist and a command that cannot be found', async () => {
    await expectError(http(daemon, 'POST', '/api/sessions', { cwd: '/definitely/not/here' }), 400, 'bad_request', /cwd is not a directory/);
    await expectError(http(daemon, 'POST', '/api/sessions', { command: ['no-such-program-xyz'] }), 400, 'bad_request', /command not found/);
  });

  it('rejects unknown fields and duplicate names', async () => {
    await expectError(http(daemon, 'POST', '/api/sessions', { command: ['sh'], colour: 'red' }), 400, 'bad_request', /colour|unrecognized/i);
    await expectError(http(daemon, 'POST', '/api/sessions', { name: 'target', command: ['sh'] }), 409, 'conflict', /already exists/);
  });

  it('answers bad WebSocket messages with an error message and keeps the connection', async () => {
    const client = await TestWsClient.connect(`ws+unix://${daemon.socket}:/ws`);
    client.socket.send('not json');
    await client.message('error', (m) => /not valid JSON/.test(m.message));
    client.socket.send(JSON.stringify({ type: 'launch-missiles' }));
    await client.message('error', (m) => /invalid message/.test(m.message));
    client.send({ type: 'attach', session: 'ffffffff' });
    await client.message('error', (m) => m.code === 'not_found');
    client.socket.send(Buffer.from([99, 1, 2]));
    await client.message('error', (m) => /invalid frame/.test(m.message));
    client.send({ type: 'attach', session: session.id });
    await client.message('attached');
    await client.close();
  });

  it('keeps serving after all of that', async () => {
    const health = await http(daemon, 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.json()).toMatchObject({ ok: true });
    const input = await http(daemon, 'POST', `/api/sessions/${session.id}/input`, { text: 'still here', enter: true });
    expect(input.status).toBe(200);
    expect(daemon.child.exitCode).toBeNull();
  });
});
