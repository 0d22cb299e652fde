import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { DaemonSet } from '../support/daemon-set.js';
import type { DaemonProcess } from '../support/daemon-process.js';
import { http, type HttpAnswer } from '../support/http-client.js';
import { bearer, createToken, web } from '../support/owner.js';
import { uploadUntilAnswered } from '../support/upload.js';

/** The value of one CSP directive, e.g. `script-src` → "'self' 'sha256-…'". */
function directive(csp: string, name: string): string | undefined {
  return csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `))
    ?.slice(name.length + 1);
}

function expectSecurityHeaders(answer: HttpAnswer, what: string): void {
  const csp = String(answer.headers['content-security-policy'] ?? '');
  const scriptSrc = directive(csp, 'script-src') ?? directive(csp, 'default-src');
  expect(scriptSrc, `${what}: script-src`).toBeDefined();
  expect(scriptSrc, `${what}: script-src`).not.toContain("'unsafe-inline'");
  expect(scriptSrc, `${what}: script-src`).not.toContain("'unsafe-eval'");
  expect(scriptSrc, `${what}: script-src`).not.toMatch(/(^|\s)\*(\s|$)|(^|\s)(https?|data|blob):(\s|$)/);
  expect(directive(csp, 'frame-ancestors'), `${what}: frame-ancestors`).toBe("'none'");
  expect(answer.headers['x-content-type-options'], `${what}: nosniff`).toBe('nosniff');
  expect(answer.headers['referrer-policy'], `${what}: referrer`).toBe('no-referrer');
}

/** A raw request line, for targets Node's client would normalise. */
function rawGet(port: number, target: string): Promise<HttpAnswer> {
  return new Promise((resolveAnswer, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'GET', path: target }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolveAnswer({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** An oversize upload on a connection of its own (the daemon ends it once it has refused the body). */
async function oversize(target: { port: number }, headers: Record<string, string>): Promise<HttpAnswer> {
  const answer = await uploadUntilAnswered(target, '/api/sessions', { headers, chunk: Buffer.alloc(64 * 1024, 0x20), maxBytes: 8 * 1024 * 1024 });
  const body = Buffer.from(answer.body);
  return { status: answer.status, headers: answer.headers, body, json: () => JSON.parse(answer.body) };
}

describe('security headers', () => {
  const daemons = new DaemonSet();
  let daemon: DaemonProcess;
  let token: string;

  beforeAll(async () => {
    ({ daemon } = await daemons.startOwned());
    token = (await createToken(daemon, 'headers')).token;
  });

  afterAll(() => daemons.destroyAll());

  it('sets them on API answers, successes and errors alike, with Cache-Control: no-store', async () => {
    const target = web(daemon);
    const answers: Array<[string, HttpAnswer]> = [
      ['health', await http(target, 'GET', '/api/health')],
      ['auth status', await http(target, 'GET', '/api/auth/status')],
      ['sessions with a token', await http(target, 'GET', '/api/sessions', undefined, bearer(token))],
      ['401', await http(target, 'GET', '/api/sessions')],
      ['403 csrf', await http(target, 'POST', '/api/auth/logout', {}, { cookie: 'codepiper_login=x', origin: 'https://evil.example' })],
      ['404 route', await http(target, 'GET', '/api/no-such-route', undefined, bearer(token))],
      ['404 session', await http(target, 'GET', '/api/sessions/nope', undefined, bearer(token))],
      ['400 body', await http(target, 'POST', '/api/sessions', { cols: 'wide' }, bearer(token))],
      ['401 login', await http(target, 'POST', '/api/auth/login', { password: 'nope nope', totp: '000000' })],
      ['413', await oversize(target, bearer(token))],
      ['421', await http(target, 'GET', '/api/health', undefined, { host: 'evil.example' })],
      ['unix socket', await http(daemon, 'GET', '/api/sessions')],
    ];
    for (const [what, answer] of answers) {
      expectSecurityHeaders(answer, what);
      expect(answer.headers['cache-control'], what).toBe('no-store');
    }
  });

  it('sets them on static files, the SPA fallback and static 404s', async () => {
    const target = web(daemon);
    const answers: Array<[string, HttpAnswer]> = [
      ['/', await http(target, 'GET', '/')],
      ['index.html', await http(target, 'GET', '/index.html')],
      ['asset', await http(target, 'GET', '/_app/version.json')],
      ['SPA route', await http(target, 'GET', '/sessions/abc')],
      ['traversal 404', await rawGet(target.port, '/..%2f..%2fetc/passwd')],
      ['HEAD', await http(target, 'HEAD', '/')],
    ];
    for (const [what, answer] of answers) {
      expect(answer.status, what).toBeLessThan(500);
      expectSecurityHeaders(answer, what);
    }
    expect(answers[0]![1].status).toBe(200);
    expect(answers[4]![1].status).toBe(404);
  });

  it('sets them on requests the router never sees: malformed targets and Host headers', async () => {
    const target = web(daemon);
    const answers: Array<[string, HttpAnswer]> = [
      ['backslash path', await rawGet(target.port, '/..\\..\\etc\\passwd')],
      ['malformed host', await http(target, 'GET', '/api/health', undefined, { host: 'a b' })],
    ];
    for (const [what, answer] of answers) {
      expect(answer.status, what).toBe(400);
      expect(answer.json(), what).toMatchObject({ error: { code: 'bad_request', message: expect.any(String) } });
      expectSecurityHeaders(answer, what);
    }
  });

  it('sets them on the WebSocket port answering plain HTTP', async () => {
    const answer = await http({ port: daemon.wsPort }, 'GET', '/');
    expect(answer.status).toBe(426);
    expectSecurityHeaders(answer, 'ws port');
  });
});
