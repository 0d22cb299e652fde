import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCodeCache, writeCodeCache } from './cache-file.js';

describe('code cache files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cp-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives back what was stored under the same key, and nothing under another', () => {
    const path = join(dir, 'codepiper', 'sessions.v8cache');
    writeCodeCache(path, 'key-1', Buffer.from('compiled code'));
    expect(readCodeCache(path, 'key-1')?.toString()).toBe('compiled code');
    expect(readCodeCache(path, 'key-2')).toBeUndefined();
  });

  it('makes the cache directory private and a missing parent (~/.cache), leaving no temporary file', () => {
    const path = join(dir, '.cache', 'codepiper', 'sessions.v8cache');
    writeCodeCache(path, 'k', Buffer.from('x'));
    expect(statSync(join(dir, '.cache', 'codepiper')).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, '.cache', 'codepiper'))).toEqual(['sessions.v8cache']);
  });

  it('reads a missing, empty, foreign or truncated file as no cache', () => {
    const path = join(dir, 'sessions.v8cache');
    expect(readCodeCache(path, 'k')).toBeUndefined();
    writeFileSync(path, '');
    expect(readCodeCache(path, 'k')).toBeUndefined();
    writeFileSync(path, 'something else entirely');
    expect(readCodeCache(path, 'k')).toBeUndefined();
    writeCodeCache(path, 'k', Buffer.from('data'));
    writeFileSync(path, readFileSync(path).subarray(0, 10));
    expect(readCodeCache(path, 'k')).toBeUndefined();
  });

  it('gives up silently where the directory cannot be made', () => {
    // A file where the cache directory should be: what a read-only or odd home amounts to, even for root.
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    expect(() => writeCodeCache(join(file, 'codepiper', 'x.v8cache'), 'k', Buffer.from('x'))).not.toThrow();
    expect(() => writeCodeCache(join(dir, 'no', 'such', 'codepiper', 'x.v8cache'), 'k', Buffer.from('x'))).not.toThrow();
    expect(readdirSync(dir)).toEqual(['a-file']);
    // Under /proc mkdir answers ENOENT for a parent that exists: Node 20's recursive mkdirSync never returns there.
    expect(() => writeCodeCache('/proc/codepiper-test/codepiper/x.v8cache', 'k', Buffer.from('x'))).not.toThrow();
  });
});
