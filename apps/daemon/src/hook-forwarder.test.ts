import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { homePaths } from '@codepiper/core';
import { HOOK_SECRET_HEADER } from '@codepiper/protocol';
import { FORWARDER_SECRET_HEADER, forwarderSocketPath, runHookForwarder } from './hook-forwarder.js';

let home: string;
let server: Server | undefined;
let received: Array<{ path: string; secret: string | undefined; body: string }>;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'cp-fwd-'));
  received = [];
});

afterEach(async () => {
  if (server) await new Promise((done) => server!.close(done));
  server = undefined;
  rmSync(home, { recursive: true, force: true });
});

function daemon(status: number, answer: string): Promise<void> {
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', secret: req.headers[HOOK_SECRET_HEADER] as string | undefined, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(answer);
    });
  });
  return new Promise((done) => server!.listen(forwarderSocketPath(home), done));
}

async function forward(provider: string, options: { stdin?: string; args?: string[]; env?: NodeJS.ProcessEnv } = {}) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  stdin.end(options.stdin ?? '');
  await runHookForwarder(provider, { args: options.args ?? [], env: options.env ?? { CODEPIPER_HOME: home, CODEPIPER_HOOK_SECRET: 's3cret' }, stdin, stdout, stderr });
  return { out, err };
}

describe('hook forwarder', () => {
  it('uses the same header and socket as the daemon', () => {
    expect(FORWARDER_SECRET_HEADER).toBe(HOOK_SECRET_HEADER);
    expect(forwarderSocketPath(home)).toBe(homePaths(home).daemonSock);
  });

  it("posts Claude's stdin payload with the secret and prints the daemon's answer", async () => {
    const decision = '{"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"allow"}}}';
    await daemon(200, decision);
    const payload = '{"session_id":"x","hook_event_name":"PermissionRequest"}';
    const { out, err } = await forward('claude', { stdin: payload });
    expect(received).toEqual([{ path: '/api/hooks/claude', secret: 's3cret', body: payload }]);
    expect(out).toBe(decision);
    expect(err).toBe('');
  });

  it("posts Codex's last argument as the payload", async () => {
    await daemon(200, '');
    const { out } = await forward('codex', { args: ['{"type":"agent-turn-complete","thread-id":"t1"}'] });
    expect(received[0]).toMatchObject({ path: '/api/hooks/codex', body: '{"type":"agent-turn-complete","thread-id":"t1"}' });
    expect(out).toBe('');
  });

  it('prints nothing and one stderr line when the daemon refuses', async () => {
    await daemon(401, '{"error":{"code":"unauthorized","message":"unknown hook secret"}}');
    const { out, err } = await forward('claude', { stdin: '{}' });
    expect(out).toBe('');
    expect(err).toBe('codepiper hook: the daemon refused the event (HTTP 401): unknown hook secret\n');
  });

  it('prints nothing and one stderr line when no daemon listens or no secret is set', async () => {
    const unreachable = await forward('claude', { stdin: '{}' });
    expect(unreachable.out).toBe('');
    expect(unreachable.err).toMatch(/^codepiper hook: cannot reach the daemon: .*ENOENT.*\n$/);
    const outside = await forward('claude', { stdin: '{}', env: {} });
    expect(outside.out).toBe('');
    expect(outside.err.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('drops a huge tool_response so the event still fits the body limit', async () => {
    await daemon(200, '');
    const payload = JSON.stringify({ session_id: 'x', hook_event_name: 'PostToolUse', tool_name: 'Read', tool_response: 'y'.repeat(3 * 1024 * 1024) });
    await forward('claude', { stdin: payload });
    expect(JSON.parse(received[0]!.body)).toEqual({ session_id: 'x', hook_event_name: 'PostToolUse', tool_name: 'Read', tool_response: null });
  });
});
