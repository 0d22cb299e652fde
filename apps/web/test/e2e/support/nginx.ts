import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Certificate } from './certificate';

export const NGINX = '/usr/sbin/nginx';
export const REVERSE_PROXY_DOC = fileURLToPath(new URL('../../../../../docs/reverse-proxy.md', import.meta.url));

export function nginxAvailable(): boolean {
  return existsSync(NGINX);
}

export interface SiteValues {
  httpsPort: number;
  httpPort: number;
  upstreamPort: number;
  serverName: string;
  cert: Certificate;
}

/**
 * The nginx configuration docs/reverse-proxy.md gives owners, with this test's ports, name and
 * certificate swapped in. Each swap must find its line, so the page and the test cannot drift apart.
 */
export function nginxSiteFromDocs(values: SiteValues): string {
  const block = /```nginx\n([\s\S]*?)```/.exec(readFileSync(REVERSE_PROXY_DOC, 'utf8'))?.[1];
  if (!block) throw new Error(`${REVERSE_PROXY_DOC} has no nginx configuration block`);
  let site = block;
  const swap = (pattern: RegExp, replacement: string): void => {
    const all = new RegExp(pattern.source, 'gm');
    if (!all.test(site)) throw new Error(`the nginx configuration in ${REVERSE_PROXY_DOC} no longer matches ${pattern.source}: update the test with the page`);
    site = site.replace(all, replacement);
  };
  swap(/listen 443 ssl;/, `listen 127.0.0.1:${values.httpsPort} ssl;`);
  swap(/listen 80;/, `listen 127.0.0.1:${values.httpPort};`);
  swap(/^(\s*ssl_certificate\s+)\S+;$/, `$1${values.cert.certPath};`);
  swap(/^(\s*ssl_certificate_key\s+)\S+;$/, `$1${values.cert.keyPath};`);
  swap(/proxy_pass http:\/\/127\.0\.0\.1:3000;/, `proxy_pass http://127.0.0.1:${values.upstreamPort};`);
  swap(/codepiper\.example\.com/, values.serverName);
  return site;
}

export interface Nginx {
  httpsPort: number;
  /** What nginx logged on stderr (errors and start-up notices), for failure messages. */
  stderr(): string;
  /** Resolves with the access log once a line matches (nginx logs a request when it ends). */
  waitForAccessLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const server = createServer();
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      servers.push(server);
    }
    return servers.map((s) => (s.address() as AddressInfo).port);
  } finally {
    for (const server of servers) server.close();
  }
}

/**
 * Debian's nginx as the current user, with everything it writes (pid, temp files, access log) in
 * `dir`, serving `site(ports)` on 127.0.0.1. Ready once the master has opened its listening sockets
 * and started its worker, which it announces on stderr.
 */
export async function startNginx(dir: string, site: (ports: { httpsPort: number; httpPort: number }) => string): Promise<Nginx> {
  const [httpsPort, httpPort] = (await freePorts(2)) as [number, number];
  const accessLog = join(dir, 'access.log');
  const config = join(dir, 'nginx.conf');
  writeFileSync(
    config,
    [
      'worker_processes 1;',
      // A root master would otherwise run its worker as "nobody"; keep it this user's, as the test is.
      ...(process.getuid?.() === 0 ? [`user ${userInfo().username};`] : []),
      'events { worker_connections 64; }',
      'http {',
      `  access_log ${accessLog};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${join(dir, kind)};`),
      site({ httpsPort, httpPort }),
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn(NGINX, ['-p', dir, '-c', config, '-g', `daemon off; pid ${join(dir, 'nginx.pid')}; error_log stderr notice;`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (/start worker process \d+/.test(stderr)) resolve();
    });
    void exited.then(([code]) => reject(new Error(`nginx exited with ${String(code)} before it was ready:\n${stderr}`)));
  });

  return {
    httpsPort,
    stderr: () => stderr,
    waitForAccessLog: (pattern, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const text = readFileSync(accessLog, 'utf8');
          if (!pattern.test(text)) return false;
          watcher.close();
          clearTimeout(timer);
          resolve(text);
          return true;
        };
        const watcher = watch(accessLog, () => void check());
        const timer = setTimeout(() => {
          watcher.close();
          reject(new Error(`nginx's access log has no line matching ${String(pattern)}:\n${readFileSync(accessLog, 'utf8')}`));
        }, timeoutMs);
        check();
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // TERM is nginx's fast shutdown: the master stops its worker and open connections, then exits.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
