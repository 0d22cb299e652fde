import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeCacheDir } from './cache-dir.js';

describe('codeCacheDir', () => {
  it('uses $XDG_CACHE_HOME when it is an absolute path', () => {
    expect(codeCacheDir({ XDG_CACHE_HOME: '/srv/cache', HOME: '/home/u' })).toBe('/srv/cache/codepiper');
  });

  it('falls back to ~/.cache, ignoring a relative $XDG_CACHE_HOME', () => {
    expect(codeCacheDir({ XDG_CACHE_HOME: 'rel/cache', HOME: '/home/u' })).toBe('/home/u/.cache/codepiper');
    expect(codeCacheDir({ HOME: '/home/u' })).toBe('/home/u/.cache/codepiper');
    expect(codeCacheDir({})).toBe(join(homedir(), '.cache', 'codepiper'));
  });
});
