/**
 * The hook forwarder: the program an agent runs for each hook event (`node hook-forwarder.js claude`,
 * or `codepiper hook claude`). It posts the event to the daemon over its unix socket with the
 * session's hook secret and prints the daemon's answer, which the agent reads as its decision.
 *
 * It starts once per hook event, so it uses Node built-ins only (no zod, no protocol package). Any
 * failure ends it with status 0, nothing on stdout and one line on stderr: the agent then carries on
 * with its own behaviour (its own permission prompt) instead of treating the hook as a block.
 */
import { realpathSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** Same value as the protocol's HOOK_SECRET_HEADER (a unit test keeps them equal). */
export const FORWARDER_SECRET_HEADER = 'x-codepiper-hook-secret';

/** Same as homePaths(home).daemonSock in @codepiper/core (a unit test keeps them equal). */
export function forwarderSocketPath(home: string): string {
  return join(home, 'daemon.sock');
}

/**
 * Payloads above this are slimmed before sending: the daemon's body limit is ~2 MiB, and the only
 * large part of a hook payload (a tool's response, e.g. a big file read) is something it never uses.
 */
const SLIM_ABOVE_BYTES = 1024 * 1024;

export interface ForwarderIo {
  /** Arguments after the provider (Codex appends its JSON event as the last one). */
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** Forwards one hook event; never rejects. */
export async function runHookForwarder(provider: string, io: ForwarderIo): Promise<void> {
  const fail = (reason: string): void => {
    io.stderr.write(`codepiper hook: ${reason}\n`);
  };
  try {
    const home = io.env.CODEPIPER_HOME;
    const secret = io.env.CODEPIPER_HOOK_SECRET;
    if (!home || !secret) return fail('CODEPIPER_HOME or CODEPIPER_HOOK_SECRET is not set: run this only from a session CodePiper launched');
    if (!/^[a-z]+$/.test(provider)) return fail(`unknown provider "${provider}"`);
    const payload = provider === 'codex' ? Buffer.from(io.args[io.args.length - 1] ?? '', 'utf8') : await readAll(io.stdin);
    const answer = await post(forwarderSocketPath(home), `/api/hooks/${provider}`, secret, slim(payload));
    if (answer.status < 200 || answer.status >= 300) return fail(`the daemon refused the event (HTTP ${answer.status}): ${errorMessage(answer.body)}`);
    if (answer.body.length > 0) await new Promise<void>((done) => io.stdout.write(answer.body, () => done()));
  } catch (error) {
    fail(`cannot reach the daemon: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readAll(stream: Readable): Promise<Buffer> {
  return new Promise((resolveRead, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    stream.on('end', () => resolveRead(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function slim(payload: Buffer): Buffer {
  if (payload.length <= SLIM_ABOVE_BYTES) return payload;
  try {
    const event = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    if (event && typeof event === 'object' && 'tool_response' in event) event.tool_response = null;
    return Buffer.from(JSON.stringify(event), 'utf8');
  } catch {
    return payload;
  }
}

function post(socketPath: string, path: string, secret: string, body: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolvePost, reject) => {
    const req = request(
      {
        socketPath,
        path,
        method: 'POST',
        agent: false,
        headers: { Host: 'localhost', 'Content-Type': 'application/json', 'Content-Length': body.length, [FORWARDER_SECRET_HEADER]: secret, Connection: 'close' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolvePost({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function errorMessage(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') return parsed.error.message;
  } catch {
    // not the daemon's JSON error: show the start of what came back
  }
  return body.toString('utf8').slice(0, 200).replace(/\s+/g, ' ').trim() || 'no details';
}

function isMain(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const [provider = '', ...args] = process.argv.slice(2);
  void runHookForwarder(provider, { args, env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
}
