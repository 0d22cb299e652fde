import { TerminalScreen } from './terminal-screen.js';

export type ScreenPattern = RegExp | string | ((screen: string) => boolean);

interface Waiter {
  test: (screen: string) => boolean;
  what: string;
  resolve: (screen: string) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

function tester(pattern: ScreenPattern): (screen: string) => boolean {
  if (typeof pattern === 'function') return pattern;
  if (typeof pattern === 'string') return (screen) => screen.includes(pattern);
  return (screen) => {
    pattern.lastIndex = 0;
    return pattern.test(screen);
  };
}

/**
 * A pty's output laid out on a screen model, with waits for what the screen shows. OutputWatcher matches
 * the raw stream, which is right for line-oriented programs; a TUI that redraws by moving the cursor
 * needs this one. Each wait is settled by the output that makes it true, with a deadline only as a
 * failure bound; patterns see the rows joined by newlines (use the `m` flag for `^`).
 */
export class ScreenWatcher {
  /** Everything received, for failure messages and for the raw-stream checks a test may want. */
  raw = '';
  private screen: TerminalScreen;
  private waiters: Waiter[] = [];
  private ended = false;

  constructor(cols: number, rows: number) {
    this.screen = new TerminalScreen(cols, rows);
  }

  push(data: string): void {
    this.raw += data;
    this.screen.write(data);
    if (this.waiters.length === 0) return;
    const text = this.text();
    for (const waiter of [...this.waiters]) {
      if (waiter.test(text)) this.settle(waiter, () => waiter.resolve(text));
    }
  }

  /** The output source ended (the process exited): pending waits fail at once instead of at their deadline. */
  end(): void {
    this.ended = true;
    for (const waiter of [...this.waiters]) this.settle(waiter, () => waiter.reject(new Error(`the terminal ended before ${waiter.what}; screen:\n${this.text()}`)));
  }

  text(): string {
    return this.screen.text();
  }

  lines(): string[] {
    return this.screen.lines();
  }

  /** Resolves with the screen text once `pattern` matches it. */
  waitFor(pattern: ScreenPattern, timeoutMs = 15_000, what = String(pattern)): Promise<string> {
    return this.wait(tester(pattern), what, timeoutMs);
  }

  /** Resolves once `pattern` no longer matches (a dialog closed, a spinner stopped). */
  waitForGone(pattern: ScreenPattern, timeoutMs = 15_000, what = `${String(pattern)} to disappear`): Promise<string> {
    const present = tester(pattern);
    return this.wait((screen) => !present(screen), what, timeoutMs);
  }

  private wait(test: (screen: string) => boolean, what: string, timeoutMs: number): Promise<string> {
    const now = this.text();
    if (test(now)) return Promise.resolve(now);
    if (this.ended) return Promise.reject(new Error(`the terminal ended before ${what}; screen:\n${now}`));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        test,
        what,
        resolve,
        reject,
        timer: setTimeout(() => this.settle(waiter, () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; screen:\n${this.text()}`))), timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  private settle(waiter: Waiter, action: () => void): void {
    clearTimeout(waiter.timer);
    this.waiters = this.waiters.filter((w) => w !== waiter);
    action();
  }
}
