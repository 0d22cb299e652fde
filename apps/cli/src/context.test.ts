import { describe, expect, it } from 'vitest';
import { UnixTransport, UrlTransport } from './client/index.js';
import { commandContext, localCommandContext } from './context.js';
import { EXIT, UsageError } from './errors.js';

describe('commandContext', () => {
  it('talks to the unix socket of --home, and to a URL over HTTP with --url', () => {
    const local = commandContext({ home: '/srv/cp' });
    expect(local.client.transport).toBeInstanceOf(UnixTransport);
    expect((local.client.transport as UnixTransport).socketPath).toBe('/srv/cp/daemon.sock');
    const remote = commandContext({ url: 'http://127.0.0.1:3000' });
    expect(remote.client.transport).toBeInstanceOf(UrlTransport);
    expect(remote.target.kind).toBe('remote');
  });
});

describe('localCommandContext', () => {
  it('gives a local command its home and socket', () => {
    expect(localCommandContext({ home: '/srv/cp' }, 'daemon')).toMatchObject({ home: '/srv/cp', socketPath: '/srv/cp/daemon.sock', homeOption: '/srv/cp' });
  });

  it('refuses remote mode with a usage error (exit 2) naming the command', () => {
    let thrown: unknown;
    try {
      localCommandContext({ url: 'http://127.0.0.1:3000' }, 'auth reset-totp');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).exitCode).toBe(EXIT.usage);
    expect((thrown as UsageError).message).toMatch(/^"codepiper auth reset-totp" runs only on the daemon's machine/);
  });
});
