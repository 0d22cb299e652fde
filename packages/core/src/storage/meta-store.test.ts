import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type CodePiperDatabase } from './database.js';
import { MetaStore } from './meta-store.js';

let dir: string;
let database: CodePiperDatabase;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'codepiper-meta-'));
  database = openDatabase(join(dir, 'codepiper.db'));
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('MetaStore', () => {
  it('returns undefined for a key never set', () => {
    expect(new MetaStore(database).get('ptyHost')).toBeUndefined();
  });

  it('overwrites a value and keeps it across a re-open', () => {
    const store = new MetaStore(database);
    store.set('ptyHost', '{"pid":1}');
    store.set('ptyHost', '{"pid":2}');
    database.close();
    database = openDatabase(join(dir, 'codepiper.db'));
    expect(new MetaStore(database).get('ptyHost')).toBe('{"pid":2}');
  });

  it('deletes a value and says whether there was one', () => {
    const store = new MetaStore(database);
    store.set('k', 'v');
    expect(store.delete('k')).toBe(true);
    expect(store.delete('k')).toBe(false);
    expect(store.get('k')).toBeUndefined();
  });
});
