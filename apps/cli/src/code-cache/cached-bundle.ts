import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { readCodeCache, writeCodeCache } from './cache-file.js';

/**
 * The names a bundle is compiled to see besides CommonJS's own: the build (scripts/bundle-bin.mjs)
 * writes `import.meta.url` as the first and every import() of a package left out of the bundle as a
 * call of the second.
 */
export const BUNDLE_GLOBALS = { importMetaUrl: '__codepiperImportMetaUrl', importModule: '__codepiperImport' } as const;

/**
 * A bundle's file: its code inside the function that receives those names, written so by the build
 * rather than wrapped at run time, which would copy the whole text once more before compiling it. The
 * code stays on the wrapper's first line, so that stack traces keep the bundle's line numbers.
 */
export function wrapBundle(code: string): string {
  return `(function (exports, require, module, __filename, __dirname, ${BUNDLE_GLOBALS.importMetaUrl}, ${BUNDLE_GLOBALS.importModule}) {${code}\n})`;
}

export interface CachedBundleOptions {
  /** The CommonJS bundle to run, as wrapBundle wrote it (ASCII only: the build checks). */
  bundlePath: string;
  /** Where its code cache is kept; undefined runs without one. */
  cachePath: string | undefined;
  /** What the cache must have been made for (codeCacheKey). */
  cacheKey: string;
  /** What `import.meta.url` means inside the bundle. */
  importMetaUrl: string;
  /** Loads a package left out of the bundle, resolved as the importing ES module would. */
  importModule: (specifier: string) => Promise<unknown>;
}

export interface CachedBundle {
  exports: Record<string, unknown>;
  /** Whether the code came from the cache (V8 took it). */
  fromCache: boolean;
  /**
   * Stores the code compiled so far (the functions this run called, not only the top level) when the
   * cache was missing or refused. Call it once the work is done; it never throws.
   */
  saveCodeCache(): void;
}

/**
 * Runs a CommonJS bundle through vm.Script with V8's code cache, so that a later run skips parsing and
 * compiling what this one compiled. Node 20 has no compile cache of its own (module.enableCompileCache
 * is Node 22), and its ES module loader cannot take a cache: hence CommonJS, compiled here.
 */
export function runCachedBundle(options: CachedBundleOptions): CachedBundle {
  // latin1: ASCII read without UTF-8 decoding.
  const source = readFileSync(options.bundlePath, 'latin1');
  const cachedData = options.cachePath === undefined ? undefined : readCodeCache(options.cachePath, options.cacheKey);
  // V8 checks the cache (its own version and flags, the source's length) and, when it
  // does not fit, compiles from source and says so in cachedDataRejected.
  const script = new Script(source, { filename: options.bundlePath, cachedData });
  const fromCache = cachedData !== undefined && script.cachedDataRejected === false;
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, createRequire(options.bundlePath), module, options.bundlePath, dirname(options.bundlePath), options.importMetaUrl, options.importModule);
  let saved = fromCache;
  return {
    exports: module.exports,
    fromCache,
    saveCodeCache() {
      if (saved || options.cachePath === undefined) return;
      saved = true;
      try {
        writeCodeCache(options.cachePath, options.cacheKey, script.createCachedData());
      } catch {
        // createCachedData failing leaves the next run to compile, as this one did.
      }
    },
  };
}
