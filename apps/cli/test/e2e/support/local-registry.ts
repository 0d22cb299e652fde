import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { OutputWatcher } from './output-watcher.js';
import { waitFor } from './wait-for.js';

export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** An npm user config file with the registry and a publish token: pass it as npm_config_userconfig. */
  userconfig: string;
  /** Environment for npm and pnpm: the user config above, a private cache, headers for native builds. */
  env: NodeJS.ProcessEnv;
  output: OutputWatcher;
  stop(): Promise<void>;
}

/** A free loopback port (the registry takes it from its config, so port 0 is not an option). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** The registry this machine's npm uses, and its CA file if one is configured: the uplink for third-party packages. */
function upstream(): { registry: string; cafile: string | undefined } {
  const get = (key: string): string => execFileSync('npm', ['config', 'get', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  const cafile = get('cafile');
  return { registry: get('registry') || 'https://registry.npmjs.org/', cafile: cafile && cafile !== 'null' && cafile !== 'undefined' && existsSync(cafile) ? cafile : undefined };
}

/** Node's headers for node-gyp (native modules), as scripts/bootstrap.sh finds them: never downloaded. */
export function nodeHeadersDir(): string | undefined {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = resolve(process.execPath, '../..');
  return existsSync(join(prefix, 'include/node/node.h')) ? prefix : undefined;
}

/**
 * Verdaccio on 127.0.0.1 with its storage, config and npm cache under `dir`. `@codepiper/*` is served
 * only from what is published to it (no proxy: a name that exists upstream can never leak in);
 * everything else is proxied from this machine's configured registry.
 */
export async function startLocalRegistry(dir: string): Promise<LocalRegistry> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const { registry, cafile } = upstream();
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const config = join(dir, 'verdaccio.yaml');
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`,
      'uplinks:',
      '  upstream:',
      `    url: ${JSON.stringify(registry)}`,
      '    timeout: 120s',
      '    maxage: 60m',
      'packages:',
      "  '@codepiper/*':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    proxy: upstream',
      'web:',
      '  enable: false',
      'log: { type: stdout, format: pretty, level: warn }',
      `listen: 127.0.0.1:${port}`,
      '',
    ].join('\n'),
  );
  const bin = join(dirname(createRequire(import.meta.url).resolve('verdaccio/package.json')), 'bin/verdaccio');
  const child: ChildProcess = spawn(process.execPath, [bin, '--config', config], {
    env: { ...process.env, ...(cafile ? { NODE_EXTRA_CA_CERTS: cafile } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = new OutputWatcher();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  const exited = once(child, 'exit');
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}:\n${output.text}`);
        return fetch(`${url}-/ping`).then((r) => r.ok, () => false);
      },
      'the local registry to answer',
      30_000,
      100,
    );
    // A throwaway user: the registry answers `npm adduser` with the token publishing needs.
    const user = `ci-${randomBytes(4).toString('hex')}`;
    const answer = await fetch(`${url}-/user/org.couchdb.user:${user}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: user, password: randomBytes(16).toString('hex'), type: 'user', roles: [], date: new Date().toISOString() }),
    });
    const { token } = (await answer.json()) as { token?: string };
    if (!answer.ok || !token) throw new Error(`the local registry refused to create a user (${answer.status}):\n${output.text}`);
    const userconfig = join(dir, 'npmrc');
    const cache = join(dir, 'npm-cache');
    writeFileSync(
      userconfig,
      [`registry=${url}`, `//127.0.0.1:${port}/:_authToken=${token}`, 'audit=false', 'fund=false', 'update-notifier=false', ...(cafile ? [`cafile=${cafile}`] : []), ''].join('\n'),
      { mode: 0o600 },
    );
    const headers = nodeHeadersDir();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      npm_config_userconfig: userconfig,
      npm_config_registry: url,
      npm_config_cache: cache,
      // pnpm reads these too; a developer's global npmrc must not redirect the publish elsewhere.
      npm_config_globalconfig: join(dir, 'no-global-npmrc'),
      ...(headers ? { npm_config_nodedir: headers } : {}),
    };
    return { url, userconfig, env, output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
