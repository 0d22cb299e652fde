import type { Session } from '@codepiper/protocol';
import { spawn as spawnPty, type IPty } from 'node-pty';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { OutputWatcher } from './support/output-watcher.js';
import { CLI_BIN } from './support/paths.js';
import { runCli, runCliJson } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';
import { waitFor } from './support/wait-for.js';

interface PtyCli {
  pty: IPty;
  screen: OutputWatcher;
  exited: Promise<number>;
}

describe('interactive attach in a real terminal', () => {
  let home: string;
  let daemon: DaemonProcess;
  let current: PtyCli | undefined;

  /** The CLI in a pseudo-terminal of its own, as a user at a terminal runs it. */
  const attachInPty = (args: string[]): PtyCli => {
    const pty = spawnPty(process.execPath, [CLI_BIN, 'attach', ...args], {
      name: 'xterm-256color',
      cols: 100,
      rows: 30,
      env: { ...process.env, CODEPIPER_HOME: home } as Record<string, string>,
    });
    const screen = new OutputWatcher();
    pty.onData((data) => screen.push(data));
    const exited = new Promise<number>((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode)));
    current = { pty, screen, exited };
    return current;
  };
  const startShell = async (): Promise<string> => {
    const result = await runCli(['start', '--env', 'PS1=cp-prompt$ ', '--', 'sh'], { home });
    expect(result.code, result.stderr).toBe(0);
    return result.stdout.trim();
  };

  beforeAll(async () => {
    home = makeTempDir();
    daemon = await startDaemonProcess(home);
  });

  afterEach(async () => {
    if (current) {
      current.pty.kill();
      await current.exited;
      current = undefined;
    }
  });

  afterAll(async () => {
    await daemon?.stop();
    removeTempDir(home);
  });

  it('types into the session, shows its output, detaches with Ctrl-] and leaves it running', async () => {
    const id = await startShell();
    const { pty, screen, exited } = attachInPty([id]);
    await screen.waitFor('\x1b[?1049h');
    await screen.waitFor('cp-prompt$ ');

    // While attached with control, the pty follows this terminal's size (the session started at 120x32).
    const whileAttached = (await runCliJson<Session[]>(['sessions', '--json'], { home })).find((s) => s.id === id);
    expect(whileAttached).toMatchObject({ cols: 100, rows: 30 });

    pty.write('echo typed-$((40+2))\r');
    await screen.waitFor('typed-42');

    // Resizing the terminal (SIGWINCH) resizes the session; no event reports it to a third party, so poll.
    pty.resize(90, 25);
    await waitFor(async () => {
      const session = (await runCliJson<Session[]>(['sessions', '--json'], { home })).find((s) => s.id === id);
      return session?.cols === 90 && session.rows === 25;
    }, 'the session to follow the terminal to 90x25');

    pty.write('\x1d');
    await screen.waitFor('[detached]');
    expect(await exited).toBe(0);
    // The terminal is handed back: alternate screen left, after the session's last output.
    const tail = screen.text.slice(screen.text.lastIndexOf('typed-42'));
    expect(tail).toContain('\x1b[?1049l');

    // Detached, the session keeps running and returns to its base size.
    const sessions = await runCliJson<Session[]>(['sessions', '--json'], { home });
    expect(sessions.find((s) => s.id === id)).toMatchObject({ status: 'running', cols: 120, rows: 32 });
    await runCli(['kill', id], { home });
  });

  it('ends with the session: prints the exit code and exits with it', async () => {
    const id = await startShell();
    const { pty, screen, exited } = attachInPty([id]);
    await screen.waitFor('cp-prompt$ ');
    pty.write('exit 3\r');
    await screen.waitFor('[session exited with code 3]');
    expect(await exited).toBe(3);
  });

  it('read-only attach shows output but does not type into the session', async () => {
    const id = await startShell();
    const { pty, screen, exited } = attachInPty([id, '--read-only']);
    await screen.waitFor('cp-prompt$ ');
    pty.write('echo should-not-run-$((1+1))\r');
    // Another client's input proves the session is live and this one's keys went nowhere.
    await runCli(['send', id, 'echo from-send-$((2+2))'], { home });
    await screen.waitFor('from-send-4');
    expect(screen.text).not.toContain('should-not-run-2');
    pty.write('\x1d');
    expect(await exited).toBe(0);
    await runCli(['kill', id], { home });
  });
});
