import { setTimeout as delay } from 'node:timers/promises';
import { spawn as spawnPty, type IPty } from 'node-pty';
import { ScreenWatcher } from './screen-watcher.js';

/** The input line once the TUI takes input: `❯` and a no-break space at the start of a row. */
export const CLAUDE_PROMPT = /^❯\u00a0/m;

/**
 * 2.1.331 drops a key pressed within ~300 ms of a dialog appearing, and nothing on screen tells when it
 * starts listening: answering a dialog waits this long after it is drawn (measured margin ×2).
 */
export const DIALOG_SETTLE_MS = 600;
/**
 * A busy machine can still lose that first key: if the dialog is still up this long after the key, it was
 * dropped and is pressed again (a dialog that took the key closes within ~100 ms here).
 */
export const DIALOG_RETRY_MS = 2_000;
const DIALOG_ATTEMPTS = 3;

export interface ClaudePty {
  pty: IPty;
  screen: ScreenWatcher;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number>;
  /** Waits for the input line, types `text`, waits to see it echoed, then presses Enter (a separate write, so it is not a paste). */
  submit(text: string, timeoutMs?: number): Promise<void>;
  /** Waits for a dialog matching `dialog`, lets it settle, presses `key`, and waits for the dialog to close. */
  answer(dialog: RegExp | string, key: string, timeoutMs?: number): Promise<void>;
  /** Kills the process if still running and waits for it. */
  dispose(): Promise<void>;
}

export interface LaunchClaudeOptions {
  binary: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols?: number;
  rows?: number;
}

/** The real binary in a pseudo-terminal of its own, as a user at a terminal runs it. */
export function launchClaude(options: LaunchClaudeOptions): ClaudePty {
  const cols = options.cols ?? 120;
  const rows = options.rows ?? 40;
  const pty = spawnPty(options.binary, options.args, { name: 'xterm-256color', cols, rows, cwd: options.cwd, env: options.env });
  const screen = new ScreenWatcher(cols, rows);
  pty.onData((data) => screen.push(data));
  let running = true;
  const exited = new Promise<number>((resolve) =>
    pty.onExit(({ exitCode }) => {
      running = false;
      screen.end();
      resolve(exitCode);
    }),
  );
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    pty,
    screen,
    exited,
    submit: async (text, timeoutMs = 15_000) => {
      await screen.waitFor(CLAUDE_PROMPT, timeoutMs, 'the input prompt');
      pty.write(text);
      await screen.waitFor(new RegExp(`^❯\\u00a0${escape(text)}`, 'm'), timeoutMs, `"${text}" on the input line`);
      pty.write('\r');
    },
    answer: async (dialog, key, timeoutMs = 15_000) => {
      await screen.waitFor(dialog, timeoutMs);
      await delay(DIALOG_SETTLE_MS);
      for (let attempt = 1; ; attempt++) {
        pty.write(key);
        try {
          await screen.waitForGone(dialog, DIALOG_RETRY_MS);
          return;
        } catch (error) {
          if (attempt >= DIALOG_ATTEMPTS) throw error;
        }
      }
    },
    dispose: async () => {
      if (running) pty.kill();
      await exited;
    },
  };
}
