import { spawnSync } from 'node:child_process';
import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HEAP_GROWING_PERCENT } from './constants.js';
import { tuneHeapGrowth } from './tune-heap-growth.js';

describe('tuneHeapGrowth', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sets V8 heap growth to HEAP_GROWING_PERCENT', () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString');
    tuneHeapGrowth();
    expect(setFlags).toHaveBeenCalledWith(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  });

  it('uses a flag this V8 knows (setFlagsFromString ignores unknown ones silently; node refuses them)', () => {
    const run = spawnSync(process.execPath, [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`, '-e', '0'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
