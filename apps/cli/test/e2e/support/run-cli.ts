import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { CLI_BIN } from './paths.js';
import { OutputWatcher } from './output-watcher.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  home?: string;
  /** Written to stdin, which is then closed; without it stdin is closed at once. */
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

function cliEnv(options: CliOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.home !== undefined) env.CODEPIPER_HOME = options.home;
  return env;
}

/** A CLI process that keeps running (attach --follow, logs --follow): its output as watchers, its end as a promise. */
export interface RunningCli {
  child: ChildProcess;
  stdout: OutputWatcher;
  stderr: OutputWatcher;
  exited: Promise<CliResult>;
}

export function spawnCli(args: readonly string[], options: CliOptions = {}): RunningCli {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env: cliEnv(options), cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const stdout = OutputWatcher.of(child.stdout!);
  const stderr = OutputWatcher.of(child.stderr!);
  child.stdin!.on('error', () => undefined);
  if (options.input !== undefined) child.stdin!.end(options.input);
  const exited = (async () => {
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    return { code, signal, stdout: stdout.text, stderr: stderr.text };
  })();
  return { child, stdout, stderr, exited };
}

/** Runs the real CLI to completion; a run that outlives `timeoutMs` is killed and fails the test. */
export async function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const running = spawnCli(args, { ...options, input: options.input ?? '' });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
  try {
    const result = await running.exited;
    if (result.signal === 'SIGKILL') throw new Error(`codepiper ${args.join(' ')} did not finish within ${timeoutMs} ms\n${result.stdout}\n${result.stderr}`);
    return result;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the CLI and parses its stdout as JSON, failing with the stderr line when it did not succeed. */
export async function runCliJson<T>(args: readonly string[], options: CliOptions = {}): Promise<T> {
  const result = await runCli(args, options);
  if (result.code !== 0) throw new Error(`codepiper ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** The non-empty lines of a CLI's stderr. */
export function stderrLines(result: CliResult): string[] {
  return result.stderr.split('\n').filter((line) => line.length > 0);
}
