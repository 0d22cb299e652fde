export { codeCacheDir } from './cache-dir.js';
export { readCodeCache, writeCodeCache } from './cache-file.js';
export { codeCacheKey } from './cache-key.js';
export { BUNDLE_GLOBALS, runCachedBundle, wrapBundle, type CachedBundle, type CachedBundleOptions } from './cached-bundle.js';
