import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../errors.js';
import { DaemonClient } from './daemon-client.js';
import { UnixTransport } from './unix-transport.js';

describe('UnixTransport', () => {
  let dir: string;
  let server: Server;
  let authorization: string | undefined = 'unset';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cp-unix-'));
    server = createServer((req, res) => {
      authorization = req.headers.authorization;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ ok: true, version: 'test' }));
    });
    server.listen(join(dir, 'daemon.sock'));
    await once(server, 'listening');
  });

  afterAll(async () => {
    server.close();
    await once(server, 'close');
    rmSync(dir, { recursive: true, force: true });
  });

  it('talks HTTP over the socket file and sends no credential', async () => {
    const client = new DaemonClient(new UnixTransport(join(dir, 'daemon.sock')));
    expect(await client.health()).toEqual({ ok: true, version: 'test' });
    expect(authorization).toBeUndefined();
    expect(client.transport.kind).toBe('local');
  });

  it('opens the WebSocket through the socket file', () => {
    expect(new UnixTransport('/h/daemon.sock').webSocket().address).toBe('ws+unix:///h/daemon.sock:/ws');
  });

  it('says how to start a daemon when nothing listens on the socket', async () => {
    const client = new DaemonClient(new UnixTransport(join(dir, 'absent.sock'), '/my home'));
    const error = (await client.listSessions(false).catch((e: unknown) => e)) as CliError;
    expect(error).toBeInstanceOf(CliError);
    expect(error.code).toBe('daemon_unavailable');
    expect(error.message).toContain(`"codepiper daemon --home '/my home' --detach"`);
  });
});
