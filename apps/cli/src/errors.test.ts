import { describe, expect, it } from 'vitest';
import {
  CliError,
  daemonNotRunning,
  EXIT,
  fromCodedError,
  fromDaemonResponse,
  fromNetworkError,
  fromSocketError,
  InterruptedError,
  localOnly,
  reportError,
  tokenRefused,
  UsageError,
} from './errors.js';

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code} something`), { code });

function report(error: unknown): { code: number; text: string } {
  let text = '';
  const code = reportError(error, 'run "codepiper --help" for usage', (t) => (text += t));
  return { code, text };
}

describe('fromDaemonResponse', () => {
  it('keeps the daemon message and code, adding the CLI hint for the code', () => {
    const error = fromDaemonResponse(404, JSON.stringify({ error: { code: 'not_found', message: 'no session matches "zz".' } }));
    expect(error.code).toBe('not_found');
    expect(error.exitCode).toBe(EXIT.failure);
    expect(error.message).toBe('no session matches "zz" (list sessions with "codepiper sessions --all")');
  });

  it('passes a message through unchanged when its code has no hint', () => {
    const error = fromDaemonResponse(400, JSON.stringify({ error: { code: 'bad_request', message: 'cols: columns must be between 2 and 1000' } }));
    expect(error.message).toBe('cols: columns must be between 2 and 1000');
  });

  it('uses a per-route hint in place of the generic one, or none when the route says so', () => {
    const body = JSON.stringify({ error: { code: 'not_found', message: 'no active token "ci"' } });
    expect(fromDaemonResponse(404, body, { not_found: 'list tokens with "codepiper token list"' }).message).toBe('no active token "ci" (list tokens with "codepiper token list")');
    expect(fromDaemonResponse(404, body, { not_found: undefined }).message).toBe('no active token "ci"');
  });

  it('describes an answer that is not an error body by its HTTP status', () => {
    expect(fromDaemonResponse(502, '<html>bad gateway</html>\nmore').message).toBe('the daemon answered HTTP 502: <html>bad gateway</html>');
    expect(fromDaemonResponse(500, JSON.stringify({ error: { code: 'no_such_code', message: 'x' } })).code).toBeUndefined();
  });
});

describe('fromSocketError', () => {
  it('turns a missing or refusing socket into the how-to-start message', () => {
    for (const code of ['ENOENT', 'ECONNREFUSED']) {
      const error = fromSocketError(errno(code), '/h/daemon.sock');
      expect(error.code).toBe('daemon_unavailable');
      expect(error.message).toContain('no daemon is running (socket /h/daemon.sock)');
      expect(error.message).toContain('codepiper daemon --detach');
    }
  });

  it('repeats an explicit --home in the hint, quoted for the shell when needed', () => {
    expect(daemonNotRunning('/a b/daemon.sock', '/a b').message).toContain(`"codepiper daemon --home '/a b' --detach"`);
  });

  it('names a permission problem', () => {
    expect(fromSocketError(errno('EACCES'), '/h/daemon.sock').message).toBe('permission denied on the daemon socket /h/daemon.sock (it belongs to another user)');
  });

  it('returns a CliError unchanged', () => {
    const original = new CliError('as is');
    expect(fromSocketError(original, '/x')).toBe(original);
  });
});

describe('fromNetworkError', () => {
  it('says which URL cannot be reached and why', () => {
    expect(fromNetworkError(errno('ECONNREFUSED'), 'http://box:3000').message).toBe('cannot reach http://box:3000 (connection refused)');
    expect(fromNetworkError(errno('ENOTFOUND'), 'https://nohost').message).toBe('cannot reach https://nohost (host not found)');
    expect(fromNetworkError(errno('ECONNREFUSED'), 'http://box:3000').code).toBe('daemon_unavailable');
  });

  it('points an untrusted certificate at NODE_EXTRA_CA_CERTS (there is no switch to skip verification)', () => {
    const error = fromNetworkError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'https://box:3000');
    expect(error.message).toBe('cannot verify the certificate of https://box:3000 (self-signed certificate); if it is self-signed, trust it with NODE_EXTRA_CA_CERTS=/path/to/its-ca.pem');
  });
});

describe('remote-mode errors', () => {
  it('names the token source in the refused-token message', () => {
    expect(tokenRefused('CODEPIPER_TOKEN').message).toBe('the daemon refused the token (CODEPIPER_TOKEN); create one with "codepiper token create" on the daemon\'s machine');
    expect(tokenRefused('x').code).toBe('unauthorized');
  });

  it('makes a local-only command in remote mode a usage error', () => {
    const error = localOnly('auth setup', '--url');
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('"codepiper auth setup" runs only on the daemon\'s machine, over its unix socket: run it there, without --url');
  });

  it('gives Ctrl-C at a prompt the shell status of SIGINT', () => {
    expect(report(new InterruptedError())).toEqual({ code: 130, text: 'codepiper: cancelled\n' });
  });
});

describe('fromCodedError', () => {
  it('maps a WebSocket error message by its code', () => {
    expect(fromCodedError('ambiguous', 'prefix "a" matches 2 sessions').message).toBe('prefix "a" matches 2 sessions (use more characters of the id, or the name)');
    expect(fromCodedError('weird', 'line one\nline two').message).toBe('line one');
  });
});

describe('reportError', () => {
  it('prints one line with the help pointer for usage errors and returns 2', () => {
    expect(report(new UsageError('unknown key name "foo"'))).toEqual({ code: 2, text: 'codepiper: unknown key name "foo" (run "codepiper --help" for usage)\n' });
  });

  it('prints one line for failures and returns their exit code', () => {
    expect(report(new CliError('boom'))).toEqual({ code: 1, text: 'codepiper: boom\n' });
    expect(report(new CliError('custom', { exitCode: 7 })).code).toBe(7);
  });

  it('reports an error object carrying a protocol code (a daemon error thrown in-process) as a failure', () => {
    const daemonError = Object.assign(new Error('a daemon is already running (pid 12)'), { code: 'conflict' });
    expect(report(daemonError)).toEqual({ code: 1, text: 'codepiper: a daemon is already running (pid 12)\n' });
  });

  it('reports anything else as one unexpected-error line', () => {
    const result = report(new TypeError('x is not a function\n    at somewhere'));
    expect(result).toEqual({ code: 1, text: 'codepiper: unexpected error: x is not a function\n' });
  });
});
