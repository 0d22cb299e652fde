import type { Session } from '@codepiper/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { runCli, runCliJson, stderrLines, type CliResult } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';

function expectOneLineFailure(result: CliResult, exitCode: number, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(exitCode);
  expect(stderrLines(result)).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

describe('errors', () => {
  let home: string;
  let emptyHome: string;
  let daemon: DaemonProcess;
  let id: string;
  const cli = (args: string[], input?: string | Buffer) => runCli(args, { home, ...(input !== undefined ? { input } : {}) });

  beforeAll(async () => {
    home = makeTempDir();
    emptyHome = makeTempDir();
    daemon = await startDaemonProcess(home);
    id = (await cli(['start', '--', 'sleep', '300'])).stdout.trim();
  });

  afterAll(async () => {
    await daemon?.stop();
    removeTempDir(home);
    removeTempDir(emptyHome);
  });

  it('an unknown session id fails with exit 1 and one line', async () => {
    expectOneLineFailure(await cli(['send', 'ffffffff', 'hi']), 1, /^codepiper: no session matches "ffffffff"/);
    expectOneLineFailure(await cli(['attach', 'nosuchname', '--follow']), 1, /no session matches "nosuchname"/);
  });

  it('an unknown key name is a usage error listing the valid names', async () => {
    expectOneLineFailure(await cli(['keys', id, 'enter', 'foo']), 2, /^codepiper: unknown key name "foo"; valid names: enter, .*ctrl\+<a-z>/);
  });

  it('an invalid size is refused before reaching the daemon', async () => {
    expectOneLineFailure(await cli(['resize', 'x', '0', '0']), 2, /^codepiper: invalid size 0x0: columns must be between 2 and 1000/);
    expectOneLineFailure(await cli(['resize', id, 'wide', '10']), 2, /cols must be a whole number, got "wide"/);
  });

  it('text over 1 MiB from stdin fails with exit 1 and one line', async () => {
    const result = await cli(['send', id, '-'], Buffer.alloc(1024 * 1024 + 1, 'a'));
    expectOneLineFailure(result, 1, /^codepiper: input is at most 1048576 bytes \(1 MiB\)/);
  });

  it('a malformed --env is a usage error', async () => {
    expectOneLineFailure(await cli(['start', '--env', 'BAD', '--', 'true']), 2, /^codepiper: invalid --env "BAD": expected NAME=VALUE \(run "codepiper start --help" for usage\)$/m);
  });

  it('arguments the daemon rejects fail with exit 1 and its message', async () => {
    expectOneLineFailure(await cli(['rename', id, 'not a valid name!']), 1, /^codepiper: .*name/);
    expectOneLineFailure(await cli(['start', '--cwd', '/definitely/not/here', '--', 'true']), 1, /^codepiper: /);
  });

  it('unknown commands, unknown options and missing arguments are usage errors', async () => {
    expectOneLineFailure(await cli(['sesions']), 2, /^codepiper: unknown command "sesions"; did you mean "sessions"\? \(run "codepiper --help" for usage\)$/m);
    expectOneLineFailure(await cli(['sessions', '--bogus']), 2, /Unknown argument: bogus/);
    expectOneLineFailure(await cli(['send']), 2, /run "codepiper send --help" for usage/);
    expectOneLineFailure(await cli(['logs', id, '--lines', 'ten']), 2, /--lines must be a whole number/);
  });

  it('the daemon keeps serving after all of the above', async () => {
    const sessions = await runCliJson<Session[]>(['sessions', '--json'], { home });
    expect(sessions.find((s) => s.id === id)?.status).toBe('running');
  });

  it('without a daemon every command says how to start one', async () => {
    for (const args of [['sessions'], ['send', 'abc', 'hi'], ['attach', 'abc', '--follow'], ['daemon', 'stop']]) {
      const result = await runCli(args, { home: emptyHome });
      expectOneLineFailure(result, 1, /^codepiper: no daemon is running \(socket .*daemon\.sock\); start one with "codepiper daemon --detach" \(background\) or "codepiper daemon" \(foreground\)$/m);
    }
    const explicit = await runCli(['sessions', '--home', emptyHome]);
    expect(explicit.stderr).toContain(`"codepiper daemon --home ${emptyHome} --detach"`);
  });
});
