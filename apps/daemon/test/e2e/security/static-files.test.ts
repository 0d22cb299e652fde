import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DaemonSet } from '../support/daemon-set.js';
import type { DaemonProcess } from '../support/daemon-process.js';

const BUILT_DASHBOARD = fileURLToPath(new URL('../../../../web/build', import.meta.url));
const SECRET = `secret-${process.pid}-do-not-serve`;

/** GET with the request target sent exactly as written (no client-side normalisation). */
function rawGet(port: number, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolveAnswer, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'GET', path: target }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('latin1')));
      res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static files', () => {
  const daemons = new DaemonSet();
  let scratch: string;
  let webRoot: string;
  let daemon: DaemonProcess;
  let shell: string;

  beforeAll(async () => {
    // <scratch>/web is the web root; <scratch>/outside holds what must never be served.
    scratch = await mkdtemp(join(tmpdir(), 'codepiper-webroot-'));
    webRoot = join(scratch, 'web');
    await cp(BUILT_DASHBOARD, webRoot, { recursive: true });
    await mkdir(join(scratch, 'outside'));
    await writeFile(join(scratch, 'outside', 'secret.txt'), SECRET);
    await symlink(join(scratch, 'outside', 'secret.txt'), join(webRoot, 'leak.txt'));
    await symlink(join(scratch, 'outside'), join(webRoot, 'leakdir'));
    await symlink('/etc/passwd', join(webRoot, 'passwd'));
    shell = await readFile(join(webRoot, 'index.html'), 'utf8');
    daemon = await daemons.start({ web: true, args: ['--web-root', webRoot] });
  });

  afterAll(async () => {
    await daemons.destroyAll();
    await rm(scratch, { recursive: true, force: true });
  });

  it('serves the files inside the web root', async () => {
    const index = await rawGet(daemon.webPort!, '/index.html');
    expect(index.status).toBe(200);
    expect(index.body).toBe(shell);
    expect((await rawGet(daemon.webPort!, '/_app/version.json')).status).toBe(200);
  });

  const escapes = [
    '/../../etc/passwd',
    '/../outside/secret.txt',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2e%2e/outside/secret.txt',
    '/.%2e/.%2e/etc/passwd',
    '/..%2f..%2fetc/passwd',
    '/..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/..%2foutside%2fsecret.txt',
    '/%252e%252e/%252e%252e/etc/passwd',
    '/%252e%252e%252f%252e%252e%252fetc%252fpasswd',
    '/%25252e%25252e/outside/secret.txt',
    '/..\\..\\etc\\passwd',
    '/..\\outside\\secret.txt',
    '/%2e%2e%5c%2e%2e%5cetc%5cpasswd',
    '/..%5coutside%5csecret.txt',
    '/....//....//etc/passwd',
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    '/%00/../../etc/passwd',
    '/..%00/etc/passwd',
    '/..%c0%af..%c0%afetc/passwd',
    '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
    'http://127.0.0.1/../../etc/passwd',
  ];

  it.each(escapes)('does not serve a file outside the web root for %s', async (target) => {
    const answer = await rawGet(daemon.webPort!, target);
    expect(answer.body).not.toContain('root:');
    expect(answer.body).not.toContain(SECRET);
    // Refused outright, or answered with the app shell as any unknown client route is.
    expect([400, 404].includes(answer.status) || (answer.status === 200 && answer.body === shell), `${answer.status} ${answer.body.slice(0, 80)}`).toBe(true);
  });

  it.each(['/leak.txt', '/leakdir/secret.txt', '/leakdir/', '/leakdir', '/passwd', '/%6ceak.txt'])('does not follow a symlink out of the web root: %s', async (target) => {
    const answer = await rawGet(daemon.webPort!, target);
    expect(answer.body).not.toContain(SECRET);
    expect(answer.body).not.toContain('root:');
    expect([400, 404].includes(answer.status) || (answer.status === 200 && answer.body === shell), `${answer.status} ${answer.body.slice(0, 80)}`).toBe(true);
  });
});
