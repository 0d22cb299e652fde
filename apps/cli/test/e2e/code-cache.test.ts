import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { runCli, type CliResult } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';

/** The start of every cache file (src/code-cache/cache-file.ts). */
const MAGIC = 'codepiper-code-cache 1\n';

describe('compiled-code cache of the bundled CLI', () => {
  let home: string;
  let cacheHome: string;
  let daemon: DaemonProcess;
  let expected: CliResult;
  const sessions = (env: NodeJS.ProcessEnv = { XDG_CACHE_HOME: cacheHome }) => runCli(['sessions', '--json'], { home, env });
  const cacheFile = () => join(cacheHome, 'codepiper', 'sessions.v8cache');

  beforeAll(async () => {
    home = makeTempDir();
    cacheHome = makeTempDir('cp-cache-');
    daemon = await startDaemonProcess(home);
    // A file where the cache directory would go: no cache can be read or written.
    writeFileSync(join(cacheHome, 'not-a-dir'), '');
    const started = await runCli(['start', '--', 'sleep', '300'], { home, env: { XDG_CACHE_HOME: join(cacheHome, 'not-a-dir') } });
    expect(started.code, started.stderr).toBe(0);
    // The reference: the same command without a cache.
    expected = await sessions({ XDG_CACHE_HOME: join(cacheHome, 'not-a-dir') });
    expect(expected.code, expected.stderr).toBe(0);
    expect(JSON.parse(expected.stdout)).toHaveLength(1);
  });

  afterAll(async () => {
    await daemon?.stop();
    removeTempDir(home);
    removeTempDir(cacheHome);
  });

  it('writes the cache on the first run, in a private directory, and uses it unchanged on the next', async () => {
    expect(await sessions()).toEqual(expected);
    const first = statSync(cacheFile());
    expect(statSync(join(cacheHome, 'codepiper')).mode & 0o777).toBe(0o700);
    expect(readFileSync(cacheFile()).subarray(0, MAGIC.length).toString()).toBe(MAGIC);
    expect(await sessions()).toEqual(expected);
    const second = statSync(cacheFile());
    // A cache V8 refused would have been replaced (a new file, renamed over the old one).
    expect([second.ino, second.mtimeMs]).toEqual([first.ino, first.mtimeMs]);
  });

  it('ignores a corrupt cache and replaces it', async () => {
    await sessions();
    const header = readFileSync(cacheFile()).toString('latin1').split('\n').slice(0, 2).join('\n') + '\n';
    for (const corrupt of [Buffer.from('garbage'), Buffer.concat([Buffer.from(header, 'latin1'), Buffer.alloc(64 * 1024, 0x5a)])]) {
      writeFileSync(cacheFile(), corrupt);
      expect(await sessions()).toEqual(expected);
      const replaced = readFileSync(cacheFile());
      expect(replaced.subarray(0, MAGIC.length).toString()).toBe(MAGIC);
      expect(replaced.equals(corrupt)).toBe(false);
    }
    expect(readdirSync(join(cacheHome, 'codepiper'))).toEqual(['sessions.v8cache']);
  });

  it('runs commands the same where no cache can be written, and for --version', async () => {
    const unwritable = { XDG_CACHE_HOME: join(cacheHome, 'not-a-dir') };
    expect(await sessions(unwritable)).toEqual(expected);
    const version = await runCli(['--version'], { home, env: unwritable });
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(await runCli(['--version'], { home, env: { XDG_CACHE_HOME: cacheHome } })).toEqual(version);
    expect(await runCli(['--version'], { home, env: { XDG_CACHE_HOME: cacheHome } })).toEqual(version);
    expect(readdirSync(join(cacheHome, 'codepiper')).sort()).toEqual(['sessions.v8cache', 'version.v8cache']);
  });
});
