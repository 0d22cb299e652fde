import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ApiTokenInfo, AuditEntry, DaemonStatus, LoginInfo, Session } from '@codepiper/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { runCli, runCliJson, spawnCli, stderrLines, type CliOptions, type CliResult, type RunningCli } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';

const REFUSED = /^codepiper: the daemon refused the token \(CODEPIPER_TOKEN\); create one with "codepiper token create" on the daemon's machine$/m;

function expectOneLineFailure(result: CliResult, exitCode: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(exitCode);
  expect(stderrLines(result)).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

describe('remote mode: the CLI over HTTP with an API token', () => {
  let home: string;
  /** The remote runs' CODEPIPER_HOME: empty, so that nothing can reach the daemon through a socket by accident. */
  let elsewhere: string;
  let daemon: DaemonProcess;
  let url: string;
  let token: string;
  const running: RunningCli[] = [];

  const local = (args: string[]) => runCli(args, { home });
  const remoteOptions = (withToken: string | undefined = token, extra: NodeJS.ProcessEnv = {}): CliOptions => ({
    env: { CODEPIPER_HOME: elsewhere, CODEPIPER_URL: url, CODEPIPER_TOKEN: withToken ?? '', ...extra },
  });
  const remote = (args: string[], withToken?: string) => runCli(args, remoteOptions(withToken));
  const remoteJson = <T>(args: string[], withToken?: string) => runCliJson<T>(args, remoteOptions(withToken));
  const follow = (args: string[], withToken?: string): RunningCli => {
    const cli = spawnCli(args, remoteOptions(withToken));
    running.push(cli);
    return cli;
  };
  const createToken = async (name: string, extra: string[] = []): Promise<string> => {
    const result = await local(['token', 'create', '--name', name, ...extra]);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout.trim();
  };

  beforeAll(async () => {
    home = makeTempDir();
    elsewhere = makeTempDir();
    daemon = await startDaemonProcess(home, { web: true });
    url = daemon.webUrl!;
  });

  afterAll(async () => {
    for (const cli of running) if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    await daemon?.stop();
    removeTempDir(home);
    removeTempDir(elsewhere);
  });

  it('token create prints the token once on stdout, with the note on stderr', async () => {
    const result = await local(['token', 'create', '--name', 'laptop']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^cpt_[A-Za-z0-9_-]{43}\n$/);
    expect(result.stderr).toMatch(/^token "laptop" created \(id [0-9a-f]{8}, full access\)\. This is the only time it is shown: store it now/);
    token = result.stdout.trim();
    const listed = await runCliJson<ApiTokenInfo[]>(['token', 'list', '--json'], { home });
    expect(listed).toEqual([expect.objectContaining({ name: 'laptop', readOnly: false, lastUsedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await local(['token', 'list'])).stdout).toMatch(/^ID\s+NAME\s+ACCESS\s+CREATED\s+LAST USED\n[0-9a-f]{8}\s+laptop\s+full\s+\S+ \S+\s+never\n$/);
  });

  it('starts, lists, types into and follows sessions over HTTP and a bearer WebSocket', async () => {
    const session = await remoteJson<Session>(['start', '--json', '--name', 'over-http', '--', 'cat']);
    // Without --cwd the daemon picks its user's home: this machine's directory means nothing there.
    expect(session).toMatchObject({ name: 'over-http', status: 'running', cwd: homedir() });
    const sessions = await remoteJson<Session[]>(['sessions', '--json']);
    expect(sessions.map((s) => s.id)).toContain(session.id);

    const watcher = follow(['attach', session.id, '--follow']);
    const sent = await remote(['send', session.id, 'typed-over-http']);
    expect(sent.code, sent.stderr).toBe(0);
    await watcher.stdout.waitFor(/typed-over-http[\s\S]*typed-over-http/);
    const keys = await remote(['keys', 'over-http', 'ctrl+c']);
    expect(keys.code, keys.stderr).toBe(0);
    // cat ends by SIGINT, and the remote attach reports it like a shell would.
    expect((await watcher.exited).code).toBe(130);

    const logs = await remote(['logs', session.id]);
    expect(logs.stdout).toContain('typed-over-http');
    const removed = await remote(['rm', 'over-http']);
    expect(removed.stdout).toBe(`removed ${session.id}\n`);
  });

  it('covers the other session commands and daemon status', async () => {
    const id = (await remote(['start', '--', 'sleep', '300'])).stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(await remoteJson<Session>(['resize', id, '100', '30', '--json'])).toMatchObject({ cols: 100, rows: 30 });
    expect(await remoteJson<Session>(['rename', id, 'renamed-remotely', '--json'])).toMatchObject({ name: 'renamed-remotely' });
    expect((await remoteJson<Session>(['stop', 'renamed-remotely', '--grace-ms', '200', '--json'])).status).not.toBe('running');
    const ended = await remote(['kill', id]);
    expectOneLineFailure(ended, 1, /has already ended/);
    const status = await remoteJson<DaemonStatus>(['daemon', 'status', '--json']);
    expect(status).toMatchObject({ running: true, pid: daemon.pid, home });
    expectOneLineFailure(await remote(['start', '--cwd', 'relative/dir', '--', 'true']), 2, /--cwd must be an absolute path on the daemon's machine/);
  });

  it('a read-only token can list and watch, but typing fails with exit 1 and says why', async () => {
    const readOnly = await createToken('watcher', ['--read-only']);
    const id = (await local(['start', '--', 'cat'])).stdout.trim();
    expect((await remoteJson<Session[]>(['sessions', '--json'], readOnly)).map((s) => s.id)).toContain(id);
    expectOneLineFailure(await remote(['send', id, 'not allowed'], readOnly), 1, /^codepiper: this API token is read-only$/m);
    expectOneLineFailure(await remote(['kill', id], readOnly), 1, /^codepiper: this API token is read-only$/m);

    const watcher = follow(['attach', id, '--follow'], readOnly);
    await local(['send', id, 'seen-by-read-only']);
    await watcher.stdout.waitFor(/seen-by-read-only[\s\S]*seen-by-read-only/);
    await local(['kill', id]);
    expect((await watcher.exited).code).toBe(137);
  });

  it('a revoked token is refused with the 401 message, and an open stream using it ends the same way', async () => {
    const doomed = await createToken('doomed');
    const id = (await local(['start', '--', 'cat'])).stdout.trim();
    const watcher = follow(['attach', id, '--follow'], doomed);
    await local(['send', id, 'before-revoke']);
    await watcher.stdout.waitFor(/before-revoke[\s\S]*before-revoke/);

    const revoked = await local(['token', 'revoke', 'doomed']);
    expect(revoked.stdout).toBe('revoked token doomed\n');
    const end = await watcher.exited;
    expect(end.code).toBe(1);
    expect(end.stderr).toMatch(REFUSED);
    expectOneLineFailure(await remote(['sessions'], doomed), 1, REFUSED);
    expectOneLineFailure(await remote(['attach', id, '--follow'], doomed), 1, REFUSED);
    expectOneLineFailure(await local(['token', 'revoke', 'doomed']), 1, /^codepiper: no active token "doomed" \(list tokens with "codepiper token list"\)$/m);
    await local(['kill', id]);
  });

  it('--token-file reads the token from a file, and a refused one is named by its file', async () => {
    const file = join(elsewhere, 'token');
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
    const env = { CODEPIPER_HOME: elsewhere };
    const ok = await runCli(['sessions', '--json', '--url', url, '--token-file', file], { env });
    expect(ok.code, ok.stderr).toBe(0);
    writeFileSync(file, 'cpt_not-a-real-token\n');
    const refused = await runCli(['sessions', '--url', url, '--token-file', file], { env });
    expectOneLineFailure(refused, 1, new RegExp(`the daemon refused the token \\(--token-file ${file}\\)`));
  });

  it('auth status, logins and the audit log are readable remotely; creating a token is not allowed for a token', async () => {
    expect(await remoteJson<{ configured: boolean }>(['auth', 'status', '--json'])).toMatchObject({ configured: false });
    expect(await remoteJson<LoginInfo[]>(['auth', 'logins', '--json'])).toEqual([]);
    const audit = await remoteJson<AuditEntry[]>(['audit', '--json', '--type', 'token-created']);
    expect(audit.map((e) => (e.detail as { name: string }).name)).toEqual(['doomed', 'watcher', 'laptop']);
    expect((await remoteJson<AuditEntry[]>(['audit', '--json', '--type', 'token-revoked']))[0]).toMatchObject({ actor: 'local-cli' });
    expectOneLineFailure(await remote(['token', 'create', '--name', 'child']), 1, /^codepiper: an API token cannot create other tokens$/m);
    const tokens = await remoteJson<ApiTokenInfo[]>(['token', 'list', '--json']);
    expect(tokens.map((t) => t.name)).toEqual(['laptop', 'watcher']);
  });

  it('says which URL it cannot reach, and asks for a token when none is set', async () => {
    const port = await closedPort();
    const unreachable = await runCli(['sessions'], { env: { CODEPIPER_HOME: elsewhere, CODEPIPER_URL: `http://127.0.0.1:${port}`, CODEPIPER_TOKEN: token } });
    expectOneLineFailure(unreachable, 1, new RegExp(`^codepiper: cannot reach http://127\\.0\\.0\\.1:${port} \\(connection refused\\)$`, 'm'));
    const noToken = await runCli(['sessions'], { env: { CODEPIPER_HOME: elsewhere, CODEPIPER_URL: url, CODEPIPER_TOKEN: '' } });
    expectOneLineFailure(noToken, 2, /^codepiper: no API token for CODEPIPER_URL: export CODEPIPER_TOKEN or pass --token-file/);
    expectOneLineFailure(await runCli(['sessions', '--url', 'ftp://x'], { env: { CODEPIPER_HOME: elsewhere } }), 2, /--url must be an http:\/\/ or https:\/\/ URL/);
  });

  it('daemon stop works remotely too, and the URL then cannot be reached', async () => {
    const stopped = await remote(['daemon', 'stop', '--json']);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(JSON.parse(stopped.stdout)).toEqual({ stopped: true, pid: daemon.pid, sessionsKilled: false });
    const after = await remote(['daemon', 'status', '--json']);
    expect(after.code).toBe(1);
    expect(JSON.parse(after.stdout)).toEqual({ running: false });
    expect(after.stderr).toMatch(/^codepiper: cannot reach http:\/\/127\.0\.0\.1:\d+ \(connection refused\)$/m);
  });
});
