import type { Readable } from 'node:stream';

interface Waiter {
  pattern: RegExp | string;
  resolve: (text: string) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

function matches(text: string, pattern: RegExp | string): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

/**
 * Accumulates what a stream (or any data source) emits and lets a test wait for a pattern to appear:
 * the wait is driven by data events, with a deadline only as a failure bound.
 */
export class OutputWatcher {
  text = '';
  private waiters: Waiter[] = [];
  private ended = false;

  static of(stream: Readable): OutputWatcher {
    const watcher = new OutputWatcher();
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => watcher.push(chunk));
    stream.on('end', () => watcher.end());
    return watcher;
  }

  push(chunk: string): void {
    this.text += chunk;
    for (const waiter of [...this.waiters]) {
      if (matches(this.text, waiter.pattern)) this.settle(waiter, () => waiter.resolve(this.text));
    }
  }

  end(): void {
    this.ended = true;
    for (const waiter of [...this.waiters]) {
      this.settle(waiter, () => waiter.reject(new Error(`output ended without ${String(waiter.pattern)}; got:\n${this.text}`)));
    }
  }

  waitFor(pattern: RegExp | string, timeoutMs = 15_000): Promise<string> {
    if (matches(this.text, pattern)) return Promise.resolve(this.text);
    if (this.ended) return Promise.reject(new Error(`output ended without ${String(pattern)}; got:\n${this.text}`));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        pattern,
        resolve,
        reject,
        timer: setTimeout(() => this.settle(waiter, () => reject(new Error(`timed out waiting for ${String(pattern)}; got:\n${this.text}`))), timeoutMs),
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
