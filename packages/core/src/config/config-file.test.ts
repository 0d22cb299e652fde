import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { loadConfigFile, writeConfigFile } from './config-file.js';

let home: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'codepiper-config-'));
});

afterEach(() => rmSync(home, { recursive: true, force: true }));

const write = (value: unknown) => writeFileSync(join(home, 'config.json'), typeof value === 'string' ? value : JSON.stringify(value));

function errorOf(): CoreError {
  try {
    loadConfigFile(home);
  } catch (error) {
    return error as CoreError;
  }
  throw new Error('expected loadConfigFile to throw');
}

describe('loadConfigFile', () => {
  it('reads a missing file as an empty config', () => {
    expect(loadConfigFile(home)).toEqual({});
  });

  it('returns the price overrides and keeps keys it does not know', () => {
    const price = { input: 1, output: 2, cacheWrite: 1.25, cacheRead: 0.1 };
    write({ prices: { 'my-model': price }, notifications: { enabled: true } });
    expect(loadConfigFile(home)).toEqual({ prices: { 'my-model': price }, notifications: { enabled: true } });
  });

  it('names the file and the field of an invalid price', () => {
    write({ prices: { 'claude-sonnet-4-5': { input: 3, output: -1, cacheWrite: 3.75 } } });
    const error = errorOf();
    expect(error).toBeInstanceOf(CoreError);
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain(join(home, 'config.json'));
    expect(error.message).toContain('prices["claude-sonnet-4-5"].output: expected a number ≥ 0');
    expect(error.message).toContain('prices["claude-sonnet-4-5"].cacheRead');
  });

  it('refuses unknown fields in a price and a prices value that is not an object', () => {
    write({ prices: { gpt: { input: 1, output: 2, cacheWrite: 1, cacheRead: 0.1, discount: 5 } } });
    expect(errorOf().message).toMatch(/prices\.gpt: .*discount/);
    write({ prices: [] });
    expect(errorOf().message).toMatch(/prices: /);
  });

  it('says when the file is not JSON', () => {
    write('{ "prices": ');
    expect(errorOf().message).toMatch(/config\.json is not valid JSON/);
  });
});

describe('writeConfigFile', () => {
  it('writes a valid config atomically, private to the owner, keeping keys it does not know', () => {
    writeConfigFile(home, { port: 3100, publicHosts: ['CP.example.com'], futureKey: { x: 1 } });
    const file = join(home, 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ port: 3100, publicHosts: ['cp.example.com'], futureKey: { x: 1 } });
    expect(loadConfigFile(home)).toMatchObject({ port: 3100 });
    expect(readdirSync(home)).toEqual(['config.json']);
  });

  it('refuses an invalid config and leaves the old file as it was', () => {
    writeConfigFile(home, { port: 3100 });
    expect(() => writeConfigFile(home, { port: 3100, wsPort: 'nine' })).toThrow(/refusing to write an invalid .*config\.json: wsPort: expected a port/);
    expect(loadConfigFile(home)).toEqual({ port: 3100 });
    expect(readdirSync(home)).toEqual(['config.json']);
  });
});
