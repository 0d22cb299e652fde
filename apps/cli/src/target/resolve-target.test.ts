import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { resolveTarget, type RemoteTarget } from './resolve-target.js';

const TOKEN = 'cpt_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const noFile = (): string => {
  throw new Error('no file expected');
};

describe('resolveTarget', () => {
  it('picks the local socket of --home, else $CODEPIPER_HOME, when no URL is given', () => {
    expect(resolveTarget({ home: '/srv/cp' }, {}, noFile)).toEqual({ kind: 'local', home: '/srv/cp', socketPath: '/srv/cp/daemon.sock', homeOption: '/srv/cp' });
    expect(resolveTarget({}, { CODEPIPER_HOME: '/env/cp' }, noFile)).toMatchObject({ kind: 'local', socketPath: '/env/cp/daemon.sock', homeOption: undefined });
  });

  it('goes remote with --url or CODEPIPER_URL, carrying the token and where both came from', () => {
    const fromFlag = resolveTarget({ url: 'http://127.0.0.1:3000/' }, { CODEPIPER_TOKEN: TOKEN }, noFile) as RemoteTarget;
    expect(fromFlag).toMatchObject({ kind: 'remote', display: 'http://127.0.0.1:3000', urlSource: '--url', token: TOKEN, tokenSource: 'CODEPIPER_TOKEN' });
    const fromEnv = resolveTarget({}, { CODEPIPER_URL: 'https://box:8443', CODEPIPER_TOKEN: TOKEN }, noFile) as RemoteTarget;
    expect(fromEnv).toMatchObject({ kind: 'remote', display: 'https://box:8443', urlSource: 'CODEPIPER_URL' });
  });

  it('lets a --url flag beat CODEPIPER_URL, and a --home flag beat CODEPIPER_URL', () => {
    const env = { CODEPIPER_URL: 'http://env-host:1', CODEPIPER_TOKEN: TOKEN };
    expect((resolveTarget({ url: 'http://flag-host:2' }, env, noFile) as RemoteTarget).display).toBe('http://flag-host:2');
    expect(resolveTarget({ home: '/local/cp' }, env, noFile).kind).toBe('local');
  });

  it('leaves the token undefined in remote mode when none is set (checked when a call needs it)', () => {
    expect(resolveTarget({ url: 'http://h:1' }, {}, noFile)).toMatchObject({ kind: 'remote', token: undefined, tokenSource: 'CODEPIPER_TOKEN' });
  });

  it('reads --token-file only in remote mode', () => {
    const target = resolveTarget({ url: 'http://h:1', tokenFile: '/t' }, {}, () => TOKEN) as RemoteTarget;
    expect(target).toMatchObject({ token: TOKEN, tokenSource: '--token-file /t' });
    expect(() => resolveTarget({ tokenFile: '/t' }, {}, () => TOKEN)).toThrow(UsageError);
  });

  it('refuses --url together with --home', () => {
    expect(() => resolveTarget({ url: 'http://h:1', home: '/x' }, {}, noFile)).toThrow(/--url and --home cannot be combined/);
  });

  it('ignores empty values as if unset', () => {
    expect(resolveTarget({ url: '' }, { CODEPIPER_URL: '', CODEPIPER_HOME: '/e' }, noFile).kind).toBe('local');
  });
});
