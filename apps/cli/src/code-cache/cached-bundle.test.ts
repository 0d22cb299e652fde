import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCodeCache } from './cache-file.js';
import { BUNDLE_GLOBALS, runCachedBundle, wrapBundle, type CachedBundleOptions } from './cached-bundle.js';

/**
 * A bundle as the build writes one: CommonJS, with import.meta.url and import() renamed. Each run
 * gets a text of its own (of the same length): V8 would otherwise answer a second compile of the same
 * text in this process from its in-memory cache, without looking at the cache on disk.
 */
let runs = 0;
const bundle = () =>
  wrapBundle(`/*${String(++runs).padStart(6, '0')}*/
const { basename } = require('node:path');
exports.answer = function answer() { return [1, 2, 3].map((n) => n * 2).join(','); };
exports.file = basename(__filename);
exports.metaUrl = ${BUNDLE_GLOBALS.importMetaUrl};
exports.load = (name) => ${BUNDLE_GLOBALS.importModule}(name);
`);

describe('runCachedBundle', () => {
  let dir: string;
  let options: CachedBundleOptions;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cp-bundle-'));
    options = {
      bundlePath: join(dir, 'demo-abc.cjs'),
      cachePath: join(dir, 'cache', 'demo.v8cache'),
      cacheKey: 'demo-abc.cjs test',
      importMetaUrl: 'file:///opt/codepiper/dist/bin.js',
      importModule: async (specifier) => ({ loaded: specifier }),
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(overrides: Partial<CachedBundleOptions> = {}) {
    writeFileSync(join(dir, 'demo-abc.cjs'), bundle());
    const cached = runCachedBundle({ ...options, ...overrides });
    const exports = cached.exports as { answer: () => string; file: string; metaUrl: string; load: (name: string) => Promise<unknown> };
    expect(exports.answer()).toBe('2,4,6');
    cached.saveCodeCache();
    return { bundle: cached, exports };
  }

  it('runs the bundle with CommonJS names, import.meta.url and import() passed in', async () => {
    const { exports } = run();
    expect(exports.file).toBe('demo-abc.cjs');
    expect(exports.metaUrl).toBe('file:///opt/codepiper/dist/bin.js');
    await expect(exports.load('@codepiper/daemon')).resolves.toEqual({ loaded: '@codepiper/daemon' });
  });

  it('stores the compiled code on the first run and takes it on the next, without writing again', () => {
    expect(run().bundle.fromCache).toBe(false);
    const written = statSync(options.cachePath!);
    expect(readCodeCache(options.cachePath!, options.cacheKey)?.length).toBeGreaterThan(0);
    expect(run().bundle.fromCache).toBe(true);
    const after = statSync(options.cachePath!);
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
  });

  it('compiles from source and replaces a cache that is corrupt or made for another key', () => {
    run();
    const path = options.cachePath!;
    const header = readFileSync(path).subarray(0, `codepiper-code-cache 1\n${options.cacheKey}\n`.length);
    writeFileSync(path, Buffer.concat([header, Buffer.alloc(4096, 0xa5)]));
    expect(run().bundle.fromCache).toBe(false);
    expect(run().bundle.fromCache).toBe(true);
    expect(run({ cacheKey: 'demo-abc.cjs other-node' }).bundle.fromCache).toBe(false);
    expect(run({ cacheKey: 'demo-abc.cjs other-node' }).bundle.fromCache).toBe(true);
  });

  it('runs the same without a usable cache directory', () => {
    writeFileSync(join(dir, 'not-a-dir'), '');
    expect(run({ cachePath: join(dir, 'not-a-dir', 'codepiper', 'demo.v8cache') }).bundle.fromCache).toBe(false);
    expect(run({ cachePath: undefined }).bundle.fromCache).toBe(false);
  });
});
