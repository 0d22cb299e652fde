import { describe, expect, it } from 'vitest';
import { codeCacheKey } from './cache-key.js';

const runtime = { version: 'v20.20.2', arch: 'x64', execArgv: [], nodeOptions: undefined };

describe('codeCacheKey', () => {
  it('differs with the bundle, the Node version, the architecture and the flags', () => {
    const key = codeCacheKey('sessions-abc.cjs', runtime);
    expect(codeCacheKey('sessions-abc.cjs', { ...runtime })).toBe(key);
    expect(codeCacheKey('sessions-abd.cjs', runtime)).not.toBe(key);
    expect(codeCacheKey('sessions-abc.cjs', { ...runtime, version: 'v22.1.0' })).not.toBe(key);
    expect(codeCacheKey('sessions-abc.cjs', { ...runtime, arch: 'arm64' })).not.toBe(key);
    expect(codeCacheKey('sessions-abc.cjs', { ...runtime, execArgv: ['--jitless'] })).not.toBe(key);
    expect(codeCacheKey('sessions-abc.cjs', { ...runtime, nodeOptions: '--max-old-space-size=64' })).not.toBe(key);
  });

  it('is one line, so that it fits the cache file header', () => {
    expect(codeCacheKey('all-x.cjs', { ...runtime, execArgv: ['--title', 'a\nb'] })).not.toContain('\n');
  });
});
