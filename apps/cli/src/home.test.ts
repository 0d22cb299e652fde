import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daemonSocketPath, resolveHome } from './home.js';

describe('resolveHome', () => {
  it('prefers --home, resolved against the working directory', () => {
    expect(resolveHome('rel/home', { CODEPIPER_HOME: '/elsewhere' })).toBe(resolve('rel/home'));
  });

  it('falls back to $CODEPIPER_HOME, then ~/.codepiper', () => {
    expect(resolveHome(undefined, { CODEPIPER_HOME: '/srv/cp' })).toBe('/srv/cp');
    expect(resolveHome(undefined, { CODEPIPER_HOME: '' })).toBe(join(homedir(), '.codepiper'));
    expect(resolveHome(undefined, {})).toBe(join(homedir(), '.codepiper'));
  });

  it('puts the daemon socket inside the home', () => {
    expect(daemonSocketPath('/srv/cp')).toBe('/srv/cp/daemon.sock');
  });
});
