import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI_BIN } from './daemon';

const run = promisify(execFile);

/** Runs a codepiper CLI command against a home and returns its stdout. */
export async function cli(home: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI_BIN, '--home', home, ...args], { env: { ...process.env, CODEPIPER_HOME: home } });
  return stdout;
}

export interface Follower {
  child: ChildProcess;
  output: () => string;
  /** Resolves once `text` has appeared in the follower's output. */
  waitFor(text: string | RegExp): Promise<void>;
  stop(): Promise<void>;
}

/** `codepiper attach <ref> --follow`: the CLI's read-only stream of a session. */
export function follow(home: string, ref: string): Follower {
  const child = spawn(process.execPath, [CLI_BIN, '--home', home, 'attach', ref, '--follow'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CODEPIPER_HOME: home },
  });
  let out = '';
  const waiters: Array<{ match: (s: string) => boolean; resolve: () => void }> = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (waiter.match(out)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    check();
  });
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    output: () => out,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        const match = (s: string) => (typeof text === 'string' ? s.includes(text) : text.test(s));
        if (match(out)) return resolve();
        waiters.push({ match, resolve });
        void exited.then(() => reject(new Error(`attach --follow ended before "${String(text)}" appeared: ${out}`)));
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}
