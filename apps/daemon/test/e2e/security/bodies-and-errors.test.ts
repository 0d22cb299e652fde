import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { LIMITS } from '@codepiper/protocol';
import { DaemonSet } from '../support/daemon-set.js';
import type { DaemonProcess } from '../support/daemon-process.js';
import { expectCleanError } from '../support/clean-error.js';
import { http } from '../support/http-client.js';
import { bearer, createToken, web } from '../support/owner.js';
import { uploadUntilAnswered } from '../support/upload.js';

const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

/** One request over `agent`, so that a test can see whether its kept-alive connection survives. */
function viaAgent(agent: Agent, port: number, method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolveAnswer, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, agent, headers: { ...headers, ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}) } },
      (res) => {
        res.resume();
        res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('request bodies and error answers', () => {
  const daemons = new DaemonSet();
  let daemon: DaemonProcess;
  let token: string;

  beforeAll(async () => {
    ({ daemon } = await daemons.startOwned());
    token = (await createToken(daemon, 'bodies')).token;
    expect((await http(daemon, 'POST', '/api/sessions', { name: 'target', command: ['cat'] })).status).toBe(201);
  });

  afterAll(() => daemons.destroyAll());

  const targets = (): Array<[string, { socket: string } | { port: number }, Record<string, string>]> => [
    ['unix socket', daemon, {}],
    ['web port', web(daemon), bearer(token)],
  ];

  it('answers 413 to a body whose Content-Length is over the limit, without reading it', async () => {
    for (const [where, target, headers] of targets()) {
      const answer = await uploadUntilAnswered(target, '/api/sessions', {
        headers,
        chunk: Buffer.alloc(64 * 1024, 0x20),
        maxBytes: 64 * 1024 * 1024,
        contentLength: 1024 * 1024 * 1024,
      });
      expect(answer.status, where).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'payload_too_large' } });
      expect(answer.sent, where).toBeLessThan(64 * 1024 * 1024);
    }
  });

  it('answers 413 to an endless chunked body without Content-Length', async () => {
    for (const [where, target, headers] of targets()) {
      for (const path of ['/api/sessions', '/api/sessions/target/input', '/api/auth/login']) {
        const answer = await uploadUntilAnswered(target, path, { headers, chunk: Buffer.alloc(64 * 1024, 0x20), maxBytes: 64 * 1024 * 1024 });
        expect(answer.status, `${where} ${path}`).toBe(413);
        // It stopped reading near the limit instead of buffering whatever was sent.
        expect(answer.sent, `${where} ${path}`).toBeLessThan(16 * LIMITS.maxBodyBytes);
      }
    }
  });

  it('keeps a kept-alive connection usable after refusing a body it never read', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (const [method, path] of [
        ['POST', '/api/no-such-route'],
        ['SEARCH', '/api/sessions'],
        ['POST', '/api/sessions?unexpected=1'],
      ]) {
        const refused = await viaAgent(agent, web(daemon).port, method!, path!, Buffer.alloc(512 * 1024, 0x5b), bearer(token));
        expect(refused.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
        expect(refused.connection, `${method} ${path}`).toBe('keep-alive');
        // The same connection carries the next request: the unread body was discarded, not left to kill it.
        expect((await viaAgent(agent, web(daemon).port, 'GET', '/api/health')).status, `after ${method} ${path}`).toBe(200);
      }
    } finally {
      agent.destroy();
    }
  });

  it('answers invalid bodies with 400, a message, and no stack trace or filesystem path', async () => {
    const invalid: Array<[string, string, unknown, Record<string, string>?]> = [
      ['POST', '/api/sessions', { cols: 'wide' }],
      ['POST', '/api/sessions', { cols: 1e308, rows: -1 }],
      ['POST', '/api/sessions', { command: 'sh -c id' }],
      ['POST', '/api/sessions', { command: [] }],
      ['POST', '/api/sessions', { command: [{ nested: ['junk'] }] }],
      ['POST', '/api/sessions', { name: 'has space' }],
      ['POST', '/api/sessions', { env: { '1BAD': 'x' } }],
      ['POST', '/api/sessions', { unexpected: true }],
      ['POST', '/api/sessions', { cwd: 'relative/dir' }],
      ['POST', '/api/sessions', [1, 2, 3]],
      ['POST', '/api/sessions', null],
      ['POST', '/api/sessions', '{"command": ["sh"', { 'content-type': 'application/json' }],
      ['POST', '/api/sessions', '\u0000\u00ff\ud800', { 'content-type': 'application/json' }],
      ['POST', '/api/sessions', '{}', { 'content-type': 'text/plain' }],
      ['POST', '/api/sessions/target/input', { text: 5 }],
      ['POST', '/api/sessions/target/input', {}],
      ['POST', '/api/sessions/target/input', { keys: ['NoSuchKey'] }],
      ['POST', '/api/sessions/target/resize', { cols: -1, rows: 1e9 }],
      ['POST', '/api/sessions/target/stop', { graceMs: 'soon' }],
      ['GET', '/api/sessions?all=maybe', undefined],
      ['GET', '/api/sessions/target/log?from=-1', undefined],
      ['GET', '/api/sessions/target/log?from=abc', undefined],
      ['GET', '/api/audit?limit=100000', undefined],
      ['POST', '/api/auth/tokens', { name: 'bad\u0000name' }],
      ['POST', '/api/auth/tokens', { name: '' }],
      ['POST', '/api/auth/login', { password: '', totp: '1' }],
      ['POST', '/api/auth/login', {}],
      ['POST', '/api/auth/login', { password: 'x', totp: '123456', recoveryCode: 'aaaa-bbbb-cccc' }],
    ];
    for (const [where, target, headers] of targets()) {
      for (const [method, path, body, extra] of invalid) {
        const answer = await http(target, method, path, body, { ...headers, ...extra });
        const what = `${where} ${method} ${path} ${JSON.stringify(body)}`;
        expect(answer.status, what).toBe(400);
        expectCleanError(answer, what, [daemon.home, REPO_ROOT]);
      }
    }
  });

  it('keeps 404s, 405-style misses and conflicts free of internals too', async () => {
    for (const [where, target, headers] of targets()) {
      const answers = [
        await http(target, 'GET', '/api/sessions/ffffffff', undefined, headers),
        await http(target, 'PUT', '/api/sessions', { command: ['true'] }, headers),
        await http(target, 'POST', '/api/sessions', { name: 'target', command: ['true'] }, headers),
        await http(target, 'POST', '/api/auth/setup', { password: 'another long password' }, headers),
      ];
      for (const answer of answers) {
        expect(answer.status, where).toBeGreaterThanOrEqual(400);
        expect(answer.status, where).toBeLessThan(500);
        expectCleanError(answer, `${where} ${answer.status}`, [daemon.home, REPO_ROOT]);
      }
    }
  });
});
