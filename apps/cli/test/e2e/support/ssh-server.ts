import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { OutputWatcher } from './output-watcher.js';
import { CLI_BIN } from './paths.js';
import type { CliResult, RunningCli } from './run-cli.js';
import { makeTempDir, removeTempDir } from './temp-dir.js';

export const SSHD = '/usr/sbin/sshd';

export interface SshServer {
  port: number;
  /** The private key the server accepts, and the user it logs in: what a client's ~/.ssh/config names. */
  identityFile: string;
  user: string;
  /** `ssh … <remote command>`; the words are quoted for the remote shell, which re-parses them. */
  spawn(remoteArgs: readonly string[]): RunningCli;
  run(remoteArgs: readonly string[]): Promise<CliResult>;
  stop(): Promise<void>;
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * A real OpenSSH server on 127.0.0.1 for this test only: its own host key, one authorized client key,
 * and a `codepiper` on the PATH of non-interactive sessions that runs this checkout's built CLI
 * against `home`.
 */
export async function startSshServer(home: string): Promise<SshServer> {
  const dir = makeTempDir('cp-ssh-');
  let sshd: ChildProcess | undefined;
  try {
    const hostKey = join(dir, 'host_key');
    const clientKey = join(dir, 'client_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', clientKey]);
    const authorizedKeys = join(dir, 'authorized_keys');
    writeFileSync(authorizedKeys, readFileSync(`${clientKey}.pub`), { mode: 0o600 });

    const binDir = join(dir, 'bin');
    mkdirSync(binDir);
    const wrapper = join(binDir, 'codepiper');
    writeFileSync(wrapper, `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(CLI_BIN)} "$@"\n`);
    chmodSync(wrapper, 0o755);

    const port = await freePort();
    const config = join(dir, 'sshd_config');
    writeFileSync(
      config,
      [
        'ListenAddress 127.0.0.1',
        `Port ${port}`,
        `HostKey ${hostKey}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${authorizedKeys}`,
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin prohibit-password',
        'UsePAM no',
        'StrictModes no',
        `SetEnv PATH=${binDir}:/usr/bin:/bin CODEPIPER_HOME=${home}`,
        '',
      ].join('\n'),
    );
    // sshd refuses to start without its privilege-separation directory.
    mkdirSync('/run/sshd', { recursive: true });

    sshd = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    const log = OutputWatcher.of(sshd.stderr!);
    const exited = once(sshd, 'exit');
    await Promise.race([
      log.waitFor(`Server listening on 127.0.0.1 port ${port}`, 15_000),
      exited.then(([code]) => {
        throw new Error(`sshd exited with ${String(code)}:\n${log.text}`);
      }),
    ]);

    const sshArgs = (remoteArgs: readonly string[]): string[] => [
      '-i', clientKey, '-p', String(port),
      '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'LogLevel=ERROR',
      `${userInfo().username}@127.0.0.1`,
      remoteArgs.map(quote).join(' '),
    ];
    const spawnSsh = (remoteArgs: readonly string[]): RunningCli => {
      const child = spawn('ssh', sshArgs(remoteArgs), { stdio: ['ignore', 'pipe', 'pipe'] });
      const stdout = OutputWatcher.of(child.stdout!);
      const stderr = OutputWatcher.of(child.stderr!);
      const done = (async () => {
        const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
        return { code, signal, stdout: stdout.text, stderr: stderr.text };
      })();
      return { child, stdout, stderr, exited: done };
    };
    const server = sshd;
    return {
      port,
      identityFile: clientKey,
      user: userInfo().username,
      spawn: spawnSsh,
      run: (remoteArgs) => spawnSsh(remoteArgs).exited,
      stop: async () => {
        if (server.exitCode === null && server.signalCode === null) {
          server.kill('SIGTERM');
          await exited;
        }
        removeTempDir(dir);
      },
    };
  } catch (error) {
    if (sshd && sshd.exitCode === null) sshd.kill('SIGKILL');
    removeTempDir(dir);
    throw error;
  }
}

export function sshdAvailable(): boolean {
  return existsSync(SSHD);
}
