import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DaemonStatus, Session } from '@codepiper/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killPtyHost } from './support/daemon-process.js';
import { startLocalRegistry, type LocalRegistry } from './support/local-registry.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';
import { isAlive, waitFor } from './support/wait-for.js';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const PUBLISHED = ['@codepiper/protocol', '@codepiper/core', '@codepiper/web', '@codepiper/daemon', '@codepiper/cli'];
/** Publishing five packages and an install that compiles better-sqlite3 from source (~1 min here). */
const INSTALL_TIMEOUT_MS = 15 * 60_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number }): Promise<Run> {
  return new Promise((done) => {
    execFile(command, args, { env: options.env, cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/**
 * The way users will get CodePiper: every workspace package published to a registry (a private
 * verdaccio on loopback here), then `npm install -g @codepiper/cli` into an empty prefix, then the
 * installed `codepiper` runs the daemon with the dashboard. Proves that the published files, the
 * dependency graph (daemon → web), the pty host entry, the migrations and the native builds all work
 * outside the workspace.
 */
describe('npm install -g @codepiper/cli from a registry', () => {
  let dir: string;
  let registry: LocalRegistry | undefined;
  let prefix: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let daemonPid: number | undefined;
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, step: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await step();
    } finally {
      timings[name] = Date.now() - started;
    }
  };
  const codepiper = (args: readonly string[]) => run(join(prefix, 'bin', 'codepiper'), args, { env: { ...env, CODEPIPER_HOME: home } });
  const workspaceVersion = (JSON.parse(readFileSync(join(REPO_ROOT, 'apps/cli/package.json'), 'utf8')) as { version: string }).version;

  beforeAll(async () => {
    dir = makeTempDir('cp-npm-');
    prefix = join(dir, 'prefix');
    home = join(dir, 'home');
    registry = await timed('registry start', () => startLocalRegistry(join(dir, 'registry')));
    // The installed bin's `#!/usr/bin/env node` must find this Node.
    env = { ...registry.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  }, 60_000);

  afterAll(async () => {
    if (daemonPid !== undefined && isAlive(daemonPid)) {
      process.kill(daemonPid, 'SIGTERM');
      await waitFor(() => !isAlive(daemonPid!), 'the daemon to exit', 10_000).catch(() => process.kill(daemonPid!, 'SIGKILL'));
    }
    if (home) await killPtyHost(home);
    await registry?.stop();
    removeTempDir(dir);
    console.info(`npm-install timings (ms): ${JSON.stringify(timings)}`);
  }, 60_000);

  it('publishes every workspace package, with workspace:* pinned to the released version', async () => {
    const published = await timed('publish', () =>
      run('pnpm', ['-r', 'publish', '--registry', registry!.url, '--no-git-checks', '--access', 'public'], { env, cwd: REPO_ROOT, timeoutMs: 5 * 60_000 }),
    );
    expect(published.code, `${published.stdout}\n${published.stderr}\n${registry!.output.text}`).toBe(0);
    for (const name of PUBLISHED) {
      const answer = await fetch(`${registry!.url}${name.replace('/', '%2f')}`);
      expect(answer.status, name).toBe(200);
      const manifest = (await answer.json()) as { versions: Record<string, { dependencies?: Record<string, string> }> };
      const version = manifest.versions[workspaceVersion];
      expect(version, `${name}@${workspaceVersion}`).toBeDefined();
      for (const [dependency, range] of Object.entries(version!.dependencies ?? {})) {
        if (dependency.startsWith('@codepiper/')) expect(range, `${name} → ${dependency}`).toBe(workspaceVersion);
      }
    }
    // The scope is never proxied: a name we did not publish is unknown here, whatever exists upstream.
    expect((await fetch(`${registry!.url}@codepiper%2fnot-published`)).status).toBe(404);
  }, 6 * 60_000);

  it('installs the CLI globally into an empty prefix, dashboard, pty host, migrations and forwarder included', async () => {
    const installed = await timed('npm install -g', () =>
      run('npm', ['install', '-g', '@codepiper/cli', '--registry', registry!.url, '--prefix', prefix, '--no-audit', '--no-fund'], {
        env,
        cwd: dir,
        timeoutMs: INSTALL_TIMEOUT_MS,
      }),
    );
    expect(installed.code, `${installed.stdout}\n${installed.stderr}`).toBe(0);
    const tree = await run('npm', ['ls', '-g', '--all', '--json', '--prefix', prefix], { env, cwd: dir });
    const names = new Set([...tree.stdout.matchAll(/"(@codepiper\/[a-z-]+)": \{/g)].map((m) => m[1]));
    expect([...names].sort()).toEqual([...PUBLISHED].sort());

    const files = (pkg: string, path: string): boolean => {
      const candidates = [join(prefix, 'lib/node_modules', pkg, path), join(prefix, 'lib/node_modules/@codepiper/cli/node_modules', pkg, path)];
      return candidates.some((file) => existsSync(file));
    };
    expect(files('@codepiper/web', 'build/index.html')).toBe(true);
    expect(files('@codepiper/core', 'dist/pty-host/main.js')).toBe(true);
    expect(files('@codepiper/core', 'drizzle/meta/_journal.json')).toBe(true);
    expect(files('@codepiper/daemon', 'dist/hook-forwarder.js')).toBe(true);
    for (const name of PUBLISHED) expect(files(name, 'LICENSE'), `${name} ships its LICENSE`).toBe(true);
  }, INSTALL_TIMEOUT_MS + 60_000);

  it('runs: version, daemon --web --detach, start, sessions, the dashboard, daemon stop', async () => {
    const version = await codepiper(['--version']);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(workspaceVersion);

    const started = await timed('daemon start', () => codepiper(['daemon', '--web', '--detach', '--port', '0', '--ws-port', '0', '--json']));
    expect(started.code, started.stderr).toBe(0);
    const status = JSON.parse(started.stdout) as DaemonStatus;
    daemonPid = status.pid;
    expect(status.version).toBe(workspaceVersion);
    expect(status.web?.port).toBeGreaterThan(0);

    const session = await codepiper(['start', '--json', '--', 'sh']);
    expect(session.code, session.stderr).toBe(0);
    const id = (JSON.parse(session.stdout) as Session).id;
    const sessions = await codepiper(['sessions', '--json']);
    expect(sessions.code, sessions.stderr).toBe(0);
    expect((JSON.parse(sessions.stdout) as Session[]).find((s) => s.id === id)).toMatchObject({ status: 'running', command: ['sh'] });

    const page = await fetch(`http://127.0.0.1:${status.web!.port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<title>CodePiper</title>');
    expect(html).toContain('/manifest.webmanifest');
    const manifest = await fetch(`http://127.0.0.1:${status.web!.port}/manifest.webmanifest`);
    expect(manifest.status).toBe(200);

    const stopped = await codepiper(['daemon', 'stop']);
    expect(stopped.code, stopped.stderr).toBe(0);
    await waitFor(() => !isAlive(status.pid), 'the daemon to exit', 10_000);
    // The pty host outlives the daemon by design (sessions survive upgrades); this test ends it.
    expect(status.ptyHost?.pid).toBeGreaterThan(0);
    expect(isAlive(status.ptyHost!.pid)).toBe(true);
    await killPtyHost(home);
    expect(isAlive(status.ptyHost!.pid)).toBe(false);
  }, 120_000);
});
