import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, EXIT } from '../errors.js';
import type { RemoteTarget } from '../target/index.js';
import { DaemonClient } from './daemon-client.js';
import { UrlTransport } from './url-transport.js';

const TOKEN = 'cpt_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
}

/** A remote target; `token: null` stands for "no token set". */
function remote(url: string, token: string | null = TOKEN, tokenSource = 'CODEPIPER_TOKEN'): RemoteTarget {
  const parsed = new URL(url);
  return { kind: 'remote', url: parsed, display: url.replace(/\/+$/, ''), urlSource: '--url', token: token ?? undefined, tokenSource };
}

async function failure(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('UrlTransport', () => {
  let server: Server;
  let base: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    // A stand-in daemon: the bearer token it knows gets answers, anything else the daemon's 401.
    server = createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, headers: req.headers });
      res.setHeader('Content-Type', 'application/json');
      if (req.url?.endsWith('/api/health') || req.url?.endsWith('/api/auth/status')) {
        res.end(JSON.stringify({ ok: true, version: 'test' }));
      } else if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.statusCode = 401;
        res.end(JSON.stringify({ error: { code: 'unauthorized', message: 'log in first, or send an API token as Authorization: Bearer' } }));
      } else if (req.url?.includes('/api/sessions/missing')) {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: { code: 'not_found', message: 'no session matches "missing"' } }));
      } else if (req.url?.endsWith('/api/auth/tokens/ghost')) {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: { code: 'not_found', message: 'no active token "ghost"' } }));
      } else {
        res.end('[]');
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  it('sends the token as a bearer header, with no Origin, to <url>/api/…', async () => {
    seen.length = 0;
    const client = new DaemonClient(new UrlTransport(remote(base)));
    expect(await client.listSessions(true)).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/sessions?all=true' });
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]!.headers.origin).toBeUndefined();
  });

  it('puts the URL path in front of every route, for a daemon behind a proxy prefix', async () => {
    seen.length = 0;
    await new DaemonClient(new UrlTransport(remote(`${base}/codepiper/`))).listSessions(false);
    expect(seen[0]!.url).toBe('/codepiper/api/sessions');
  });

  it('turns a 401 into the token message naming where the token came from', async () => {
    const client = new DaemonClient(new UrlTransport(remote(base, 'cpt_revoked', '--token-file /t')));
    const error = await failure(client.listSessions(false));
    expect(error.message).toBe('the daemon refused the token (--token-file /t); create one with "codepiper token create" on the daemon\'s machine');
    expect(error.exitCode).toBe(EXIT.failure);
  });

  it('calls the anonymous routes without a token, and refuses every other call before sending it', async () => {
    seen.length = 0;
    const client = new DaemonClient(new UrlTransport(remote(base, null)));
    expect(await client.isRunning()).toBe(true);
    expect(seen[0]!.headers.authorization).toBeUndefined();
    const error = await failure(client.listSessions(false));
    expect(error.exitCode).toBe(EXIT.usage);
    expect(error.message).toMatch(/^no API token for --url: export CODEPIPER_TOKEN or pass --token-file/);
    expect(seen).toHaveLength(1);
  });

  it('keeps the daemon message of other errors, with the hint of the route that failed', async () => {
    const client = new DaemonClient(new UrlTransport(remote(base)));
    expect((await failure(client.getSession('missing'))).message).toBe('no session matches "missing" (list sessions with "codepiper sessions --all")');
    expect((await failure(client.auth.revokeToken('ghost'))).message).toBe('no active token "ghost" (list tokens with "codepiper token list")');
  });

  it('says which URL it cannot reach when nothing listens there', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    closed.close();
    await once(closed, 'close');
    const error = await failure(new DaemonClient(new UrlTransport(remote(url))).listSessions(false));
    expect(error.message).toBe(`cannot reach ${url} (connection refused)`);
    expect(error.code).toBe('daemon_unavailable');
  });

  it('opens the WebSocket at ws(s)://<host>/<prefix>/ws with the same bearer header', () => {
    expect(new UrlTransport(remote(`${base}/`)).webSocket()).toEqual({ address: `${base.replace('http:', 'ws:')}/ws`, options: { headers: { Authorization: `Bearer ${TOKEN}` } } });
    expect(new UrlTransport(remote('https://box.example:8443/cp/')).webSocket().address).toBe('wss://box.example:8443/cp/ws');
    expect(() => new UrlTransport(remote(base, null)).webSocket()).toThrow(/no API token/);
  });
});

describe('UrlTransport timeouts', () => {
  it('names the URL of a daemon that accepts the connection but never answers', async () => {
    // A listener that accepts and then stays silent: the connection is up, the answer never comes.
    const silent = createServer(() => undefined);
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const transport = new UrlTransport(remote(url));
      const error = await failure(transport.open({ method: 'GET', path: '/api/sessions', timeoutMs: 500 }));
      expect(error.message).toBe(`the daemon at ${url} did not answer within 1 s`);
    } finally {
      silent.closeAllConnections();
      silent.close();
      await once(silent, 'close');
    }
  });
});
