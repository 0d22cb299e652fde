import type { Session } from '@codepiper/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { runCli, runCliJson, stderrLines } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';

const SESSION_FIELDS = ['id', 'name', 'status', 'command', 'cwd', 'pid', 'cols', 'rows', 'createdAt', 'endedAt', 'exitCode'];

describe('session lifecycle commands', () => {
  let home: string;
  let workDir: string;
  let daemon: DaemonProcess;
  const cli = (args: string[], input?: string) => runCli(args, { home, cwd: workDir, ...(input !== undefined ? { input } : {}) });
  const json = <T>(args: string[]) => runCliJson<T>(args, { home, cwd: workDir });
  const startSleeper = async (extra: string[] = []): Promise<string> => {
    const result = await cli(['start', ...extra, '--', 'sleep', '300']);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout.trim();
  };

  beforeAll(async () => {
    home = makeTempDir();
    workDir = makeTempDir('cp-work-');
    daemon = await startDaemonProcess(home);
  });

  afterAll(async () => {
    await daemon?.stop();
    removeTempDir(home);
    removeTempDir(workDir);
  });

  it('starts a session, prints only its id, and lists it with every API field in --json', async () => {
    const started = await cli(['start', '--name', 'sleeper', '--cols', '90', '--rows', '20', '--', 'sleep', '300']);
    expect(started.code, started.stderr).toBe(0);
    const id = started.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{8}$/);

    const sessions = await json<Session[]>(['sessions', '--json']);
    const session = sessions.find((s) => s.id === id);
    expect(session).toBeDefined();
    for (const field of SESSION_FIELDS) expect(session).toHaveProperty(field);
    expect(session).toMatchObject({ name: 'sleeper', status: 'running', command: ['sleep', '300'], cwd: workDir, cols: 90, rows: 20, endedAt: null, exitCode: null });
    expect(session!.pid).toBeGreaterThan(0);
  });

  it('resolves a relative --cwd against the current directory and passes --env through', async () => {
    const result = await cli(['start', '--json', '--cwd', '.', '--env', 'CP_TEST=hello=world', '--', 'sh', '-c', 'echo "$CP_TEST"; sleep 300']);
    expect(result.code, result.stderr).toBe(0);
    const session = JSON.parse(result.stdout) as Session;
    expect(session.cwd).toBe(workDir);
    expect(session.command).toEqual(['sh', '-c', 'echo "$CP_TEST"; sleep 300']);
  });

  it('shows running sessions in a table with ID NAME STATUS COMMAND CWD AGE', async () => {
    const result = await cli(['sessions']);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+STATUS\s+COMMAND\s+CWD\s+AGE$/);
    expect(rows.some((row) => /sleeper\s+running\s+sleep 300/.test(row))).toBe(true);
    const alias = await cli(['ls']);
    expect(alias.code).toBe(0);
    expect(alias.stdout.split('\n')[0]).toBe(header);
  });

  it('refers to a session by name and by unique id prefix', async () => {
    const id = await startSleeper(['--name', 'by-name']);
    const byName = await json<Session>(['resize', 'by-name', '100', '40', '--json']);
    expect(byName).toMatchObject({ id, cols: 100, rows: 40 });
    const byPrefix = await json<Session>(['rename', id.slice(0, 6), 'renamed', '--json']);
    expect(byPrefix).toMatchObject({ id, name: 'renamed' });
    const table = await cli(['rename', 'renamed', 'renamed-again']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^ID\\s+NAME.*\\n${id}\\s+renamed-again\\s+running`));
  });

  it('reports an ambiguous id prefix as one line on stderr with exit 1', async () => {
    // Start sessions until two ids share their first digit (at most 17 by the pigeonhole principle).
    let shared: string | undefined;
    while (!shared) {
      await startSleeper();
      const ids = (await json<Session[]>(['sessions', '--all', '--json'])).map((s) => s.id);
      shared = ids.map((i) => i[0]!).find((first, index, all) => all.indexOf(first) !== index);
    }
    const result = await cli(['send', shared, 'hello']);
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(new RegExp(`^codepiper: "${shared}" matches \\d+ sessions: `));
  });

  it('stops a session and prints its line with the new status', async () => {
    const id = await startSleeper();
    const result = await cli(['stop', id, '--grace-ms', '500']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`\\n${id}\\s+\\S+\\s+stopped`));
    const again = await cli(['stop', id]);
    expect(again.code).toBe(1);
    expect(stderrLines(again)).toEqual([expect.stringMatching(/^codepiper: session .* has already ended \(stopped\)$/)]);
  });

  it('kills a session and reports it ended', async () => {
    const id = await startSleeper();
    const session = await json<Session>(['kill', id, '--json']);
    expect(session.id).toBe(id);
    expect(session.status).not.toBe('running');
    expect(session.endedAt).not.toBeNull();
  });

  it('refuses to remove a running session without --force, then removes it with --force', async () => {
    const id = await startSleeper();
    const refused = await cli(['rm', id]);
    expect(refused.code).toBe(1);
    expect(stderrLines(refused)).toHaveLength(1);
    const removed = await cli(['rm', id, '--force']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toBe(`removed ${id}\n`);
    const all = await json<Session[]>(['sessions', '--all', '--json']);
    expect(all.some((s) => s.id === id)).toBe(false);
  });

  it('removes an ended session by name', async () => {
    const id = await startSleeper(['--name', 'to-remove']);
    await json<Session>(['kill', 'to-remove', '--json']);
    const result = await json<{ id: string; removed: boolean }>(['rm', 'to-remove', '--json']);
    expect(result).toEqual({ id, removed: true });
  });

  it('lists ended sessions only with --all, with their exit code in the status', async () => {
    const result = await cli(['start', '--name', 'quick-exit', '--', 'sh', '-c', 'exit 3']);
    const id = result.stdout.trim();
    const followed = await cli(['attach', id, '--follow']);
    expect(followed.code).toBe(3);
    const running = await json<Session[]>(['sessions', '--json']);
    expect(running.some((s) => s.id === id)).toBe(false);
    const all = await json<Session[]>(['sessions', '--all', '--json']);
    expect(all.find((s) => s.id === id)).toMatchObject({ status: 'failed', exitCode: 3 });
    const table = await cli(['sessions', '--all']);
    expect(table.stdout).toMatch(new RegExp(`${id}\\s+quick-exit\\s+failed \\(3\\)`));
  });
});
