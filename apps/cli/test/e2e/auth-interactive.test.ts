import type { AuthStatusResponse } from '@codepiper/protocol';
import { spawn as spawnPty, type IPty } from 'node-pty';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { OutputWatcher } from './support/output-watcher.js';
import { CLI_BIN } from './support/paths.js';
import { runCliJson } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';
import { totpCode, wrongCode } from './support/totp.js';

interface PtyCli {
  pty: IPty;
  screen: OutputWatcher;
  exited: Promise<number>;
}

const PASSWORD = 'typed-in-a-pty-42';
const CODE_PROMPT = 'Code from the authenticator app: ';

describe('interactive auth setup in a real terminal', () => {
  let home: string;
  let daemon: DaemonProcess;
  let current: PtyCli | undefined;

  /** The CLI in a pseudo-terminal of its own, as the owner at a terminal runs it. */
  const inPty = (args: string[]): PtyCli => {
    const pty = spawnPty(process.execPath, [CLI_BIN, ...args], {
      name: 'xterm-256color',
      cols: 100,
      rows: 60,
      env: { ...process.env, CODEPIPER_HOME: home } as Record<string, string>,
    });
    const screen = new OutputWatcher();
    pty.onData((data) => screen.push(data));
    const exited = new Promise<number>((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode)));
    current = { pty, screen, exited };
    return current;
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

  it('asks the password twice without echoing it, shows the QR code and URI, retries a wrong code, then prints the recovery codes', async () => {
    const { pty, screen, exited } = inPty(['auth', 'setup']);
    await screen.waitFor('New password: ');
    pty.write(`${PASSWORD}\r`);
    await screen.waitFor('Repeat the password: ');
    pty.write(`${PASSWORD}\r`);

    const shown = await screen.waitFor(/uri {5}otpauth:\/\/\S+/);
    expect(shown).toContain('Scan this QR code with your authenticator app');
    // The QR code is drawn with half-block characters, many rows of them.
    expect(shown.split('\n').filter((line) => /[▄▀█]{5}/.test(line)).length).toBeGreaterThan(10);
    const secret = /secret {2}([A-Z2-7]+)/.exec(shown)?.[1];
    expect(secret).toBeDefined();
    expect(shown).toContain(`secret=${secret}`);

    await screen.waitFor(CODE_PROMPT);
    const code = totpCode(secret!);
    pty.write(`${wrongCode(code)}\r`);
    await screen.waitFor(/that code is not right.*; 2 tries left/);
    await screen.waitFor(new RegExp(`${CODE_PROMPT}[\\s\\S]*${CODE_PROMPT}`));
    pty.write(`${code}\r`);

    await screen.waitFor('Authenticator confirmed: the owner is set up.');
    const done = await screen.waitFor(/(\n {2}[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}\r?){10}\n/);
    expect(done).toMatch(/Save them somewhere safe now/);
    expect(await exited).toBe(0);
    // Typed twice, echoed never.
    expect(screen.text).not.toContain(PASSWORD);

    expect(await runCliJson<AuthStatusResponse>(['auth', 'status', '--json'], { home })).toMatchObject({ configured: true, totpConfirmed: true });
  });

  it('Ctrl-C at the masked prompt cancels with exit status 130 and changes nothing', async () => {
    const { pty, screen, exited } = inPty(['auth', 'reset-password']);
    await screen.waitFor('New password: ');
    pty.write('half-typed\x03');
    expect(await exited).toBe(130);
    expect(screen.text).not.toContain('half-typed');
    expect(screen.text).toContain('codepiper: cancelled');
  });

  it('a password under the minimum length is explained and asked again', async () => {
    const { pty, screen, exited } = inPty(['auth', 'reset-password']);
    await screen.waitFor('New password: ');
    pty.write('short\r');
    await screen.waitFor('a password needs at least 10 characters; try again');
    await screen.waitFor(/New password: [\s\S]*New password: /);
    pty.write(`${PASSWORD}-2\r`);
    await screen.waitFor('Repeat the password: ');
    pty.write(`${PASSWORD}-2\r`);
    await screen.waitFor('password changed; 0 browser logins ended');
    expect(await exited).toBe(0);
  });
});
