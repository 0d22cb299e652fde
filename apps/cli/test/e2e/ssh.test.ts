import type { Session } from '@codepiper/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { runCli, spawnCli, type RunningCli } from './support/run-cli.js';
import { SSHD, sshdAvailable, startSshServer, type SshServer } from './support/ssh-server.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';

// CI installs OpenSSH (.ci/run), so a missing sshd there is a broken environment, not a reason to skip.
if (!sshdAvailable() && process.env.CI) {
  describe('codepiper over ssh', () => {
    it('finds OpenSSH installed', () => {
      throw new Error(`${SSHD} is missing; CI must install openssh-server`);
    });
  });
}

describe.skipIf(!sshdAvailable())('codepiper over ssh', () => {
  let home: string;
  let daemon: DaemonProcess;
  let ssh: SshServer;
  const running: RunningCli[] = [];
  const start = async (command: string[]): Promise<string> => {
    const result = await runCli(['start', '--', ...command], { home });
    expect(result.code, result.stderr).toBe(0);
    return result.stdout.trim();
  };

  beforeAll(async () => {
    home = makeTempDir();
    daemon = await startDaemonProcess(home);
    ssh = await startSshServer(home);
  });

  afterAll(async () => {
    for (const r of running) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    await ssh?.stop();
    await daemon?.stop();
    removeTempDir(home);
  });

  it('ssh host codepiper sessions --json lists the sessions', async () => {
    const id = await start(['sleep', '300']);
    const result = await ssh.run(['codepiper', 'sessions', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const sessions = JSON.parse(result.stdout) as Session[];
    expect(sessions.find((s) => s.id === id)).toMatchObject({ status: 'running', command: ['sleep', '300'] });
  });

  it('ssh host codepiper send types the text into the session', async () => {
    const id = await start(['cat']);
    const watcher = spawnCli(['attach', id, '--follow'], { home });
    running.push(watcher);
    const result = await ssh.run(['codepiper', 'send', id, 'check the test results']);
    expect(result.code, result.stderr).toBe(0);
    await watcher.stdout.waitFor(/check the test results[\s\S]*check the test results/);
    await runCli(['kill', id], { home });
    await watcher.exited;
  });

  it('ssh host codepiper attach --follow streams output as it comes and ends with the session', async () => {
    const id = await start(['cat']);
    const remote = ssh.spawn(['codepiper', 'attach', id, '--follow']);
    running.push(remote);
    await runCli(['send', id, 'streamed-over-ssh'], { home });
    await remote.stdout.waitFor(/streamed-over-ssh[\s\S]*streamed-over-ssh/);
    await runCli(['keys', id, 'ctrl+d'], { home });
    const end = await remote.exited;
    expect(end.code, end.stderr).toBe(0);
  });

  it('ssh host codepiper attach --follow exits with the session exit code', async () => {
    const id = await start(['sh', '-c', 'for i in 1 2 3; do echo line$i; sleep 0.2; done; exit 4']);
    const result = await ssh.run(['codepiper', 'attach', id, '--follow']);
    expect(result.code, result.stderr).toBe(4);
    expect(result.stdout).toMatch(/line1[\s\S]*line2[\s\S]*line3/);
  });
});
