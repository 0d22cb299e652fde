/**
 * Shared fixture of the pty host tests: temporary homes, connected clients and the processes they
 * start (all released by cleanupHosts), and recorders of a session's output.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xtermHeadless from '@xterm/headless';
import { expect } from 'vitest';
import { homePaths } from '../../home.js';
import { PtyHostClient, type HostExitInfo } from '../index.js';

const { Terminal } = xtermHeadless;

export const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' };

export const homes: string[] = [];
export const clients: PtyHostClient[] = [];
export const children: ChildProcess[] = [];

/** Closes every client, kills every child and host the tests started, and removes their homes. */
export async function cleanupHosts(): Promise<void> {
  for (const c of clients) c.close();
  for (const child of children) child.kill('SIGKILL');
  for (const home of homes) {
    const paths = homePaths(home);
    try {
      const c = await PtyHostClient.connect({ home });
      await c.shutdown();
    } catch {
      // Not running (or not answering): kill whatever the pid file names.
    }
    const pid = Number.parseInt(readFileSafe(paths.ptyHostPid), 10);
    if (pid > 0 && alive(pid)) process.kill(pid, 'SIGKILL');
    await rm(home, { recursive: true, force: true });
  }
}

export function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Whether the process exists and is not a zombie waiting for its new parent to reap it. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readFileSafe(`/proc/${pid}/stat`);
  return !/^\d+ \(.*\) Z/.test(stat);
}

export async function newHome(): Promise<string> {
  // Short: a unix socket path must stay under ~100 bytes.
  const home = await mkdtemp(join(tmpdir(), 'cph-'));
  homes.push(home);
  return home;
}

export async function connect(home: string, spawn = true): Promise<PtyHostClient> {
  const c = await PtyHostClient.connect({ home, spawn });
  // Tests add a listener per session; a daemon adds one.
  c.setMaxListeners(100);
  clients.push(c);
  return c;
}

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface Frame {
  offset: number;
  payload: Buffer;
}

/** Records a session's output frames and exit, checking offsets are contiguous. */
export class Recorder {
  frames: Frame[] = [];
  exit: HostExitInfo | null = null;
  end: number | null = null;
  constructor(client: PtyHostClient, readonly id: string) {
    client.on('output', (_frame, id, offset, payload) => {
      if (id !== this.id) return;
      if (this.end !== null) expect(offset).toBe(this.end);
      this.frames.push({ offset, payload });
      this.end = offset + payload.length;
    });
    client.on('exit', (id, info) => {
      if (id === this.id) this.exit = info;
    });
  }
  text(): string {
    return Buffer.concat(this.frames.map((f) => f.payload)).toString('utf8');
  }
  bytes(): number {
    return this.frames.reduce((n, f) => n + f.payload.length, 0);
  }
  waitText(pattern: string | RegExp, timeoutMs?: number): Promise<void> {
    const test = (): boolean => (typeof pattern === 'string' ? this.text().includes(pattern) : pattern.test(this.text()));
    return waitFor(test, `output ${String(pattern)} (got ${JSON.stringify(this.text().slice(-200))})`, timeoutMs);
  }
  waitExit(timeoutMs?: number): Promise<HostExitInfo> {
    return waitFor(() => this.exit !== null, `exit of ${this.id}`, timeoutMs).then(() => this.exit!);
  }
}

let nextId = 0x100;
export const newId = (): string => (nextId++).toString(16).padStart(8, '0');

export function spawnOpts(id: string, command: string[], extra: Partial<{ cwd: string; cols: number; rows: number; logCapBytes: number }> = {}) {
  return { id, command, cwd: extra.cwd ?? tmpdir(), env: ENV, cols: extra.cols ?? 80, rows: extra.rows ?? 24, ...extra };
}

export function screenLines(snapshot: { data: string; pending: Buffer }, cols: number, rows: number, more: Buffer[] = []): Promise<string[]> {
  const term = new Terminal({ cols, rows, scrollback: 0, allowProposedApi: true });
  return new Promise((resolve) => {
    term.write(snapshot.data);
    term.write(snapshot.pending);
    for (const b of more) term.write(b);
    term.write('', () => {
      const lines: string[] = [];
      const buf = term.buffer.active;
      for (let y = 0; y < rows; y++) lines.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
      term.dispose();
      resolve(lines);
    });
  });
}

export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSafe(`/proc/${pid}/status`));
  return m ? Number(m[1]) * 1024 : 0;
}
