// Installs the peers the benchmark compares against, at bench time, into a cache directory outside the
// repository (their code is never committed): the original CodePiper (Bun + tmux) and VibeTunnel.
// Both come from the npm registry through npm itself; nothing else is downloaded.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { arch, homedir, platform } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Pinned so that every run measures the same code. */
export const PEER_VERSIONS = { original: 'codepiper@0.2.1', bun: 'bun@1.4.5', vibetunnel: 'vibetunnel@1.0.0-beta.15.1' };

export const PEERS_DIR = process.env.CODEPIPER_BENCH_PEERS_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'codepiper-bench', 'peers');

async function npmInstall(prefix, packages) {
  await mkdir(prefix, { recursive: true });
  // --ignore-scripts: their install scripts are replaced by the few steps below, which need no network.
  await run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...packages], {
    timeout: 300_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/**
 * The original CodePiper: TypeScript run by Bun, sessions in tmux. Returns the paths to start it with.
 * Its package links its own workspace packages in a postinstall step, repeated here.
 */
export async function installOriginal() {
  const prefix = join(PEERS_DIR, 'original');
  const pkg = join(prefix, 'node_modules', 'codepiper');
  if (!existsSync(join(pkg, 'node_modules', '@codepiper', 'daemon'))) {
    await npmInstall(prefix, [PEER_VERSIONS.original, PEER_VERSIONS.bun]);
    await run(process.execPath, [join(pkg, 'scripts', 'postinstall-link-workspaces.mjs')], { cwd: pkg });
    // Bun's own postinstall puts the binary of its platform package (@oven/bun-<os>-<cpu>) in place.
    await run(process.execPath, ['install.js'], { cwd: join(prefix, 'node_modules', 'bun') });
  }
  const bun = join(prefix, 'node_modules', '.bin', 'bun');
  const { stdout: bunVersion } = await run(bun, ['--version']);
  const { stdout: tmuxVersion } = await run('tmux', ['-V']).catch(() => {
    throw new Error('tmux is not installed (the original CodePiper runs its sessions in tmux)');
  });
  return { bun, main: join(pkg, 'packages', 'daemon', 'src', 'main.ts'), version: `${PEER_VERSIONS.original.split('@')[1]} (bun ${bunVersion.trim()}, ${tmuxVersion.trim()})` };
}

/**
 * VibeTunnel: a Node server with its own node-pty build. Its postinstall unpacks the prebuilt native
 * modules it ships for this Node ABI; the same unpacking is done here.
 */
export async function installVibeTunnel() {
  const prefix = join(PEERS_DIR, 'vibetunnel');
  const pkg = join(prefix, 'node_modules', 'vibetunnel');
  if (!existsSync(join(pkg, 'node-pty', 'build', 'Release', 'pty.node'))) {
    await npmInstall(prefix, [PEER_VERSIONS.vibetunnel]);
    const abi = process.versions.modules;
    const cpu = arch() === 'arm64' ? 'arm64' : arch();
    const prebuilt = (name, version) => join(pkg, 'prebuilds', `${name}-v${version}-node-v${abi}-${platform()}-${cpu}.tar.gz`);
    if (!existsSync(prebuilt('node-pty', '1.0.0'))) throw new Error(`VibeTunnel ships no node-pty build for Node ABI ${abi} on ${platform()}-${cpu}`);
    await run('tar', ['-xzf', prebuilt('node-pty', '1.0.0'), '-C', join(pkg, 'node-pty')]);
    const pam = prebuilt('authenticate-pam', '1.0.5');
    if (existsSync(pam)) {
      const dir = join(pkg, 'optional-modules', 'authenticate-pam');
      await mkdir(dir, { recursive: true });
      await run('tar', ['-xzf', pam, '-C', dir]);
    }
  }
  // bin/vibetunnel requires this bundle, which then declines to start (it only starts as the main module).
  return { main: join(pkg, 'dist', 'vibetunnel-cli'), version: PEER_VERSIONS.vibetunnel.split('@')[1] };
}
