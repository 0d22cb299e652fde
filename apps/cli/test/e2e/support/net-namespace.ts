import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { OutputWatcher } from './output-watcher.js';
import type { CliResult } from './run-cli.js';

const IP = ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip'].find((path) => existsSync(path));

/**
 * Whether this test run may build a network namespace: root, iproute2, and a kernel that lets it
 * (a container may not). Tried once with a throwaway namespace.
 */
export function netNamespacesUsable(): boolean {
  if (!IP || process.getuid?.() !== 0) return false;
  const name = `cp-probe-${randomBytes(3).toString('hex')}`;
  try {
    execFileSync(IP, ['netns', 'add', name], { stdio: 'ignore' });
    execFileSync(IP, ['netns', 'del', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface NetNamespace {
  /** This machine's address on the link: what the other device types into its browser. */
  hostAddress: string;
  /** Runs a command inside the namespace, as the other device would, and waits for it. */
  run(command: readonly string[], env?: NodeJS.ProcessEnv, timeoutMs?: number): Promise<CliResult>;
  destroy(): void;
}

/**
 * Another machine on a private network with this one: a network namespace joined to this machine by a
 * veth pair on a /30 of 10.x.y.z chosen at random (and checked unused), which only the test talks to.
 */
export function createNetNamespace(): NetNamespace {
  if (!IP) throw new Error('iproute2 (ip) is not installed');
  const ip = IP;
  const id = randomBytes(3).toString('hex');
  const name = `cp-lan-${id}`;
  const hostSide = `cpv${id}h`;
  const peerSide = `cpv${id}n`;
  const inUse = execFileSync(ip, ['-4', 'route', 'show', 'table', 'all'], { encoding: 'utf8' });
  let prefix: string;
  do prefix = `10.${200 + (randomBytes(1)[0]! % 55)}.${randomBytes(1)[0]!}`;
  while (inUse.includes(`${prefix}.`));
  const hostAddress = `${prefix}.1`;
  const command = (...args: string[]) => execFileSync(ip, args, { stdio: 'pipe' });
  command('netns', 'add', name);
  try {
    command('link', 'add', hostSide, 'type', 'veth', 'peer', 'name', peerSide, 'netns', name);
    command('addr', 'add', `${hostAddress}/30`, 'dev', hostSide);
    command('link', 'set', hostSide, 'up');
    command('-n', name, 'addr', 'add', `${prefix}.2/30`, 'dev', peerSide);
    command('-n', name, 'link', 'set', peerSide, 'up');
    command('-n', name, 'link', 'set', 'lo', 'up');
  } catch (error) {
    command('netns', 'del', name);
    throw error;
  }
  return {
    hostAddress,
    run: async (args, env = {}, timeoutMs = 30_000) => {
      const child = spawn(ip, ['netns', 'exec', name, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      const stdout = OutputWatcher.of(child.stdout);
      const stderr = OutputWatcher.of(child.stderr);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
      clearTimeout(timer);
      return { code, signal, stdout: stdout.text, stderr: stderr.text };
    },
    // Deleting the namespace deletes the veth end inside it, and with it the pair.
    destroy: () => command('netns', 'del', name),
  };
}
