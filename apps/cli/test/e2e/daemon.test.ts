import type { DaemonStatus } from '@codepiper/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { killPtyHost } from './support/daemon-process.js';
import { runCli, stderrLines } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';
import { isAlive } from './support/wait-for.js';

describe('daemon --detach, status and stop', () => {
  let home: string;
  let pid: number | undefined;
  const cli = (args: string[]) => runCli(args, { home });

  beforeAll(() => {
    home = makeTempDir();
  });

  afterAll(async () => {
    if (pid !== undefined && isAlive(pid)) {
      await cli(['daemon', 'stop', '--kill-sessions']);
      if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    await killPtyHost(home);
    removeTempDir(home);
  });

  it('status says the daemon is not running, as JSON too, with exit 1', async () => {
    const human = await cli(['daemon', 'status']);
    expect(human.code).toBe(1);
    expect(stderrLines(human)).toEqual([expect.stringMatching(/^codepiper: no daemon is running .*codepiper daemon --detach/)]);
    const json = await cli(['daemon', 'status', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ running: false });
  });

  it('refuses to listen beyond loopback before an owner exists, in one line with exit 1', async () => {
    const result = await cli(['daemon', '--web', '--host', '0.0.0.0', '--port', '0', '--ws-port', '0']);
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toEqual([expect.stringMatching(/^codepiper: refusing to listen on 0\.0\.0\.0: no owner is set up yet\. Run "codepiper auth setup"/)]);
    expect(existsSync(join(home, 'daemon.sock'))).toBe(false);
  });

  it('--detach starts a background daemon, prints its pid and listeners, and returns', async () => {
    const result = await cli(['daemon', '--detach', '--port', '0', '--ws-port', '0']);
    expect(result.code, result.stderr).toBe(0);
    const match = /^codepiper daemon started \(pid (\d+)\)$/m.exec(result.stdout);
    expect(match, result.stdout).not.toBeNull();
    pid = Number(match![1]);
    expect(isAlive(pid)).toBe(true);
    expect(result.stdout).toMatch(/^ {2}socket {2}.*daemon\.sock$/m);
    expect(result.stdout).toMatch(/^ {2}ws {6}ws:\/\/127\.0\.0\.1:\d+$/m);
    expect(result.stdout).toContain(join(home, 'logs', 'daemon.log'));
  });

  it('status --json reports the running daemon', async () => {
    const result = await cli(['daemon', 'status', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout) as DaemonStatus;
    expect(status).toMatchObject({ running: true, pid, home, socket: join(home, 'daemon.sock'), web: null });
    expect(status.ws?.port).toBeGreaterThan(0);
    const human = await cli(['daemon', 'status']);
    expect(human.stdout).toMatch(new RegExp(`^codepiper daemon running \\(pid ${pid}, version \\S+, up \\d+s\\)`));
  });

  it('refuses to start a second daemon on the same home', async () => {
    for (const args of [['daemon', '--detach', '--port', '0', '--ws-port', '0'], ['daemon', '--port', '0', '--ws-port', '0']]) {
      const result = await cli(args);
      expect(result.code).toBe(1);
      expect(stderrLines(result)).toEqual([`codepiper: a daemon is already running (pid ${pid}, socket ${join(home, 'daemon.sock')})`]);
    }
  });

  it('stop --kill-sessions ends the daemon and the pty host', async () => {
    const session = await cli(['start', '--', 'sleep', '300']);
    expect(session.code, session.stderr).toBe(0);
    const status = JSON.parse((await cli(['daemon', 'status', '--json'])).stdout) as DaemonStatus;
    const ptyHostPid = status.ptyHost?.pid;
    expect(ptyHostPid).toBeGreaterThan(0);

    const result = await cli(['daemon', 'stop', '--kill-sessions']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`codepiper daemon stopped (pid ${pid}); sessions killed\n`);
    expect(existsSync(join(home, 'daemon.sock'))).toBe(false);
    expect(isAlive(ptyHostPid!)).toBe(false);

    const after = await cli(['daemon', 'status', '--json']);
    expect(after.code).toBe(1);
    expect(JSON.parse(after.stdout)).toEqual({ running: false });
  });
});
