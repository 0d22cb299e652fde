import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaemonStatus, Session } from '@codepiper/protocol';
import { copyBuild, CORE_PACKAGE, DAEMON_PACKAGE, type BuildCopy } from './support/build-copy.js';
import { destroyHome, makeHome, runDaemonToExit, startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { http } from './support/http-client.js';
import { waitFor } from './support/wait-for.js';

const run = promisify(execFile);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Upgrading is "stop the daemon, install the new version, start it": the pty host started by the old
 * daemon keeps the sessions meanwhile, and the new daemon must adopt them (same pty host protocol) or,
 * when the protocol changed, say so and leave them alone.
 */
describe('upgrading the daemon', () => {
  let home: string;
  let daemon: DaemonProcess | undefined;
  let newer: BuildCopy;

  beforeAll(async () => {
    home = await makeHome();
    // The "new version": this build under another version number, reporting it in /api/status.
    newer = copyBuild(DAEMON_PACKAGE, { version: '99.0.0' });
  });

  afterAll(async () => {
    await destroyHome(home, daemon);
    newer.remove();
  });

  it('adopts the running sessions of the pty host the older daemon started', async () => {
    daemon = await startDaemonProcess(home);
    const before = (await http(daemon, 'GET', '/api/status')).json<DaemonStatus>();
    const session = (await http(daemon, 'POST', '/api/sessions', { name: 'long-job', command: ['sh'], env: { PS1: '$ ' } })).json<Session>();
    await http(daemon, 'POST', `/api/sessions/${session.id}/input`, { text: 'echo before-$((20+1))', enter: true });
    const log = async () => (await http(daemon!, 'GET', `/api/sessions/${session.id}/log`)).body.toString('utf8');
    await waitFor(async () => (await log()).includes('before-21'), 'the old daemon to see the output');

    await daemon.stop();
    expect(daemon.child.exitCode).toBe(0);
    expect(isAlive(before.ptyHost!.pid)).toBe(true);
    daemon = await startDaemonProcess(home, { main: join(newer.dir, 'dist', 'main.js') });

    const after = (await http(daemon, 'GET', '/api/status')).json<DaemonStatus>();
    expect(after.version).toBe('99.0.0');
    expect(after.version).not.toBe(before.version);
    expect(after.ptyHost).toEqual(before.ptyHost);
    expect((await http(daemon, 'GET', '/api/sessions/long-job')).json<Session>()).toMatchObject({ id: session.id, status: 'running', pid: session.pid });
    await http(daemon, 'POST', `/api/sessions/${session.id}/input`, { text: 'echo after-$((40+2))', enter: true });
    await waitFor(async () => (await log()).includes('after-42'), 'the new daemon to drive the adopted session');
    expect(await log()).toContain('before-21');
    await daemon.stop();
  });
});

describe('a pty host of another protocol', () => {
  let home: string;
  let older: BuildCopy;
  /** Runs `script` as an ES module in a Node with the older core's PtyHostClient in scope as `Client`. */
  const withOlderClient = async (script: string): Promise<string> => {
    const source = `import { PtyHostClient as Client } from ${JSON.stringify(join(older.dir, 'dist', 'index.js'))};\nconst home = ${JSON.stringify(home)};\n${script}`;
    return (await run(process.execPath, ['--input-type=module', '-e', source], { timeout: 30_000 })).stdout.trim();
  };

  beforeAll(async () => {
    home = await makeHome();
    // An install of a CodePiper whose pty host speaks protocol 0.
    older = copyBuild(CORE_PACKAGE, { version: '0.0.1', patch: { 'pty-host/wire.js': ['PTY_HOST_PROTOCOL_VERSION = 1', 'PTY_HOST_PROTOCOL_VERSION = 0'] } });
  });

  afterAll(async () => {
    await withOlderClient('const c = await Client.connect({ home }); await c.shutdown(); c.close();').catch(() => undefined);
    await destroyHome(home);
    older.remove();
  });

  it('is reported clearly, and the daemon exits without touching the host or its sessions', async () => {
    const started = JSON.parse(
      await withOlderClient(`
        const c = await Client.connect({ home, spawn: true, mainPath: ${JSON.stringify(join(older.dir, 'dist', 'pty-host', 'main.js'))} });
        const { pid } = await c.spawn({ id: 'abcd0123', command: ['sleep', '300'], cwd: '/', env: { PATH: process.env.PATH }, cols: 80, rows: 24 });
        console.log(JSON.stringify({ host: c.hostPid, session: pid }));
        c.close();`),
    ) as { host: number; session: number };

    const refused = await runDaemonToExit(home);
    expect(refused.code).toBe(1);
    const message = refused.stderr.trim();
    expect(message).toBe(
      `codepiper-daemon: the pty host running your sessions (pid ${started.host}) speaks protocol 0 and this daemon protocol 1, so it cannot adopt them; they keep running untouched. ` +
        `Finish them with the CodePiper version that started them, or end them all with "kill ${started.host}", then start this daemon again`,
    );
    expect(refused.stdout).not.toContain('codepiper daemon ready');

    expect(isAlive(started.host)).toBe(true);
    expect(isAlive(started.session)).toBe(true);
    const listed = JSON.parse(await withOlderClient('const c = await Client.connect({ home }); console.log(JSON.stringify(await c.list())); c.close();')) as Array<{ id: string; running: boolean }>;
    expect(listed).toEqual([expect.objectContaining({ id: 'abcd0123', running: true })]);
  });
});
