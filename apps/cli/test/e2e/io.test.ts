import type { Session } from '@codepiper/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { runCli, runCliJson, spawnCli, type RunningCli } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';

const count = (text: string, needle: string): number => text.split(needle).length - 1;

describe('input and output commands', () => {
  let home: string;
  let daemon: DaemonProcess;
  const followers: RunningCli[] = [];
  const cli = (args: string[], input?: string | Buffer) => runCli(args, { home, ...(input !== undefined ? { input } : {}) });
  const follow = (args: string[]): RunningCli => {
    const running = spawnCli(args, { home });
    followers.push(running);
    return running;
  };
  const start = async (command: string[], extra: string[] = []): Promise<string> => {
    const result = await cli(['start', ...extra, '--', ...command]);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout.trim();
  };
  /** Waits for a session to end by following it: the CLI exits exactly when the session does. */
  const untilEnded = async (id: string): Promise<number | null> => (await cli(['attach', id, '--follow'])).code;

  beforeAll(async () => {
    home = makeTempDir();
    daemon = await startDaemonProcess(home);
  });

  afterAll(async () => {
    for (const running of followers) if (running.child.exitCode === null) running.child.kill('SIGKILL');
    await daemon?.stop();
    removeTempDir(home);
  });

  it('attach --follow prints the lines of a session and exits with its exit code', async () => {
    const id = await start(['sh', '-c', 'for i in 1 2 3; do echo line$i; sleep 0.2; done; exit 4']);
    const result = await cli(['attach', id, '--follow']);
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(/line1[\s\S]*line2[\s\S]*line3/);
  });

  it('attach without a terminal streams like --follow, and an ended session prints its last screen', async () => {
    const id = await start(['sh', '-c', 'echo finished-output; exit 0']);
    expect(await untilEnded(id)).toBe(0);
    const again = await cli(['attach', id]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('finished-output');
  });

  it('send types the joined words and Enter, and the text arrives in the session', async () => {
    const id = await start(['cat']);
    const watcher = follow(['attach', id, '--follow']);
    const sent = await cli(['send', id, 'hello', 'from', 'send']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toBe('');
    // The pty echoes the line and cat prints it back: twice.
    await watcher.stdout.waitFor(/hello from send[\s\S]*hello from send/);
    await cli(['kill', id]);
    const end = await watcher.exited;
    expect(end.code).not.toBe(0);
  });

  it('send - reads the text from stdin and --no-enter leaves it unsent', async () => {
    const id = await start(['cat']);
    const watcher = follow(['attach', id, '--follow']);
    expect((await cli(['send', id, '-', '--no-enter'], 'from-stdin\n')).code).toBe(0);
    await watcher.stdout.waitFor('from-stdin');
    // Without Enter, cat has not printed the line back yet; the Enter sent now completes it.
    expect(count(watcher.stdout.text, 'from-stdin')).toBe(1);
    expect((await cli(['keys', id, 'enter'])).code).toBe(0);
    await watcher.stdout.waitFor(/from-stdin[\s\S]*from-stdin/);
    await cli(['kill', id]);
    await watcher.exited;
  });

  it('keys sends the bytes of named keys in order', async () => {
    const id = await start(['cat', '-A']);
    const watcher = follow(['attach', id, '--follow']);
    const result = await cli(['keys', id, 'tab', 'f5', 'enter']);
    expect(result.code, result.stderr).toBe(0);
    await watcher.stdout.waitFor('^I^[[15~$');
    const interrupted = await cli(['keys', id, 'ctrl+c']);
    expect(interrupted.code).toBe(0);
    // cat dies of SIGINT: attach reports it like a shell, 128 + 2.
    const end = await watcher.exited;
    expect(end.code).toBe(130);
  });

  it('logs prints the output without escape sequences, --raw keeps them, --lines keeps the last lines', async () => {
    const id = await start(['sh', '-c', 'printf "\\033[31mred\\033[0m text\\n"; for i in 1 2 3 4 5; do echo n$i; done']);
    expect(await untilEnded(id)).toBe(0);

    const plain = await cli(['logs', id]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe('red text\nn1\nn2\nn3\nn4\nn5\n');

    const raw = await cli(['logs', id, '--raw']);
    expect(raw.stdout).toContain('\x1b[31mred\x1b[0m text\r\n');

    const last = await cli(['logs', id, '--lines', '2']);
    expect(last.stdout).toBe('n4\nn5\n');
    const lastRaw = await cli(['logs', id, '--raw', '-n', '1']);
    expect(lastRaw.stdout).toBe('n5\r\n');
  });

  it('logs --follow prints the history then new output, each line exactly once, until the session ends', async () => {
    const id = await start(['cat']);
    const watcher = follow(['attach', id, '--follow']);
    await cli(['send', id, 'before-follow']);
    await watcher.stdout.waitFor(/before-follow[\s\S]*before-follow/);

    const logs = follow(['logs', id, '--follow']);
    await logs.stdout.waitFor(/before-follow\nbefore-follow\n/);
    await cli(['send', id, 'after-follow']);
    await logs.stdout.waitFor(/after-follow\nafter-follow\n/);
    await cli(['kill', id]);
    const end = await logs.exited;
    expect(end.code).toBe(0);
    expect(count(end.stdout, 'before-follow')).toBe(2);
    expect(count(end.stdout, 'after-follow')).toBe(2);
    await watcher.exited;
  });

  it('logs --follow --raw streams raw bytes from where the history ended', async () => {
    const id = await start(['cat']);
    const logs = follow(['logs', id, '--follow', '--raw']);
    await cli(['send', id, 'raw-line']);
    await logs.stdout.waitFor('raw-line\r\nraw-line\r\n');
    logs.child.kill('SIGINT');
    const end = await logs.exited;
    expect(end.code).toBe(0);
    await cli(['kill', id]);
  });

  it('logs --follow --raw reproduces a flood byte for byte even when its reader stalls', async () => {
    const id = await start(['sh', '-c', 'read -r go; seq 1 1000000']);
    const logs = spawnCli(['logs', id, '--follow', '--raw'], { home });
    followers.push(logs);
    const chunks: Buffer[] = [];
    logs.child.stdout!.removeAllListeners('data');
    logs.child.stdout!.setEncoding('latin1');
    // A reader that does not read: the CLI must hold the daemon back, and whatever the daemon then
    // skips must be filled in from the log.
    logs.child.stdout!.pause();
    const ended = follow(['attach', id, '--follow']);
    await cli(['send', id, 'go']);
    expect((await ended.exited).code).toBe(0);
    logs.child.stdout!.on('data', (chunk: string) => chunks.push(Buffer.from(chunk, 'latin1')));
    logs.child.stdout!.resume();
    expect((await logs.exited).code).toBe(0);
    const full = await runCli(['logs', id, '--raw'], { home });
    const streamed = Buffer.concat(chunks);
    expect(streamed.length).toBe(Buffer.byteLength(full.stdout, 'latin1'));
    expect(streamed.equals(Buffer.from(full.stdout, 'latin1'))).toBe(true);
  });

  it('attach --follow stops quietly with exit 0 on Ctrl-C and leaves the session running', async () => {
    const id = await start(['cat']);
    const watcher = follow(['attach', id, '--follow']);
    await cli(['send', id, 'ping-ctrl-c']);
    await watcher.stdout.waitFor('ping-ctrl-c');
    watcher.child.kill('SIGINT');
    const end = await watcher.exited;
    expect(end.code).toBe(0);
    const sessions = await runCliJson<Session[]>(['sessions', '--json'], { home });
    expect(sessions.find((s) => s.id === id)?.status).toBe('running');
    await cli(['kill', id]);
  });
});
