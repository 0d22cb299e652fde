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

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI as another machine runs it: `env` carries CODEPIPER_URL / CODEPIPER_TOKEN (and
 * NODE_EXTRA_CA_CERTS for a self-signed proxy); `home` is an empty folder, so no socket is in reach.
 */
export async function remoteCli(home: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI_BIN, ...args], { env: { ...process.env, CODEPIPER_HOME: home, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error) };
  }
}

/**
 * `codepiper attach <ref> --follow`: the CLI's read-only stream of a session; with `remote`, over
 * `--url` with the token in its `env`, as for remoteCli (`home` then only keeps the socket out of reach).
 */
export function follow(home: string, ref: string, remote?: { url: string; env: NodeJS.ProcessEnv }): Follower {
  const target = remote ? ['--url', remote.url] : ['--home', home];
  const child = spawn(process.execPath, [CLI_BIN, ...target, 'attach', ref, '--follow'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CODEPIPER_HOME: home, ...remote?.env },
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
