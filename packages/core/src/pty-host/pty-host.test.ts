/**
 * The pty host with real ptys, a real host process (dist/pty-host/main.js: build core first) and a
 * temporary CODEPIPER home per group of tests.
 */
import { spawn as spawnProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homePaths } from '../home.js';
import { outputLogRange, readExitRecord } from '../output-log/index.js';
import { PtyHostClient, type HostSnapshot } from './index.js';
import { assertHostBuilt, distIndexPath } from './test-support/built-host.js';
import {
  alive,
  children,
  cleanupHosts,
  connect,
  ENV,
  homes,
  newHome,
  newId,
  readFileSafe,
  Recorder,
  rssBytes,
  screenLines,
  spawnOpts,
  waitFor,
} from './test-support/host-fixture.js';
import { encodeJsonFrame, PTY_HOST_PROTOCOL_VERSION, WIRE_TYPE, WireParser } from './wire.js';

beforeAll(assertHostBuilt);
afterAll(cleanupHosts, 60_000);


describe('pty host', () => {
  let home: string;
  let client: PtyHostClient;

  beforeAll(async () => {
    home = await newHome();
    client = await connect(home);
  });

  it('says hello with its pid and start time, and writes its pid file', async () => {
    expect(client.hostPid).toBeGreaterThan(0);
    expect(alive(client.hostPid)).toBe(true);
    expect(Number.isNaN(Date.parse(client.hostStartedAt))).toBe(false);
    expect(readFileSafe(homePaths(home).ptyHostPid).trim()).toBe(String(client.hostPid));
    expect(statSync(homePaths(home).ptyHostSock).mode & 0o777).toBe(0o600);
  });

  it('streams output at exact offsets and reports the exit code', async () => {
    const id = newId();
    const rec = new Recorder(client, id);
    const { pid } = await client.spawn(spawnOpts(id, ['sh', '-c', 'echo hi; exit 3']));
    expect(pid).toBeGreaterThan(0);
    const exit = await rec.waitExit();
    expect(rec.frames[0]).toEqual({ offset: 0, payload: Buffer.from('hi\r\n') });
    expect(exit).toMatchObject({ exitCode: 3, signal: null, offset: 4 });
    const dir = homePaths(home).sessionDir(id);
    expect(await readExitRecord(dir)).toEqual(exit);
    expect(await outputLogRange(dir)).toEqual({ start: 0, end: 4 });
    const listed = (await client.list()).find((s) => s.id === id);
    expect(listed).toMatchObject({ id, pid, running: false, exitCode: 3, signal: null, offset: 4, cols: 80, rows: 24 });
    // An exited session's screen is still there until it is forgotten.
    const snap = await client.snapshot(id);
    expect(snap.offset + snap.pending.length).toBe(4);
    expect((await screenLines(snap, 80, 24))[0]).toBe('hi');
    await client.forget(id);
    expect((await client.list()).some((s) => s.id === id)).toBe(false);
    await expect(client.forget(id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(client.snapshot(id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('starts a session again in its old directory without the previous exit record or log', async () => {
    const id = newId();
    // Not a Recorder: the second run's offsets start again at 0.
    const firstExit = new Promise<void>((resolve) => {
      const onExit = (exited: string): void => {
        if (exited !== id) return;
        client.off('exit', onExit);
        resolve();
      };
      client.on('exit', onExit);
    });
    await client.spawn(spawnOpts(id, ['sh', '-c', 'echo first-run; exit 5']));
    await firstExit;
    await client.forget(id);
    const dir = homePaths(home).sessionDir(id);
    expect(await readExitRecord(dir)).toMatchObject({ exitCode: 5 });

    const again = new Recorder(client, id);
    await client.spawn(spawnOpts(id, ['sh', '-c', 'read line; echo second']));
    expect(await readExitRecord(dir)).toBeNull();
    client.write(id, 'go\n');
    const exit = await again.waitExit();
    expect(exit).toMatchObject({ exitCode: 0 });
    const log = await readFile(join(dir, '0000000000000000.log'), 'utf8');
    expect(log).not.toContain('first-run');
    expect(log).toContain('second');
    expect(await outputLogRange(dir)).toEqual({ start: 0, end: exit.offset });
    await client.forget(id);
  });

  it('rejects bad spawns with clear errors', async () => {
    const id = newId();
    await client.spawn(spawnOpts(id, ['sleep', '30']));
    await expect(client.spawn(spawnOpts(id, ['sleep', '30']))).rejects.toMatchObject({ code: 'conflict' });
    await expect(client.forget(id)).rejects.toMatchObject({ code: 'conflict' });
    await expect(client.spawn(spawnOpts(newId(), ['no-such-command-xyz']))).rejects.toMatchObject({
      code: 'bad_request',
      message: 'command not found: no-such-command-xyz',
    });
    await expect(client.spawn(spawnOpts(newId(), ['./nope.sh']))).rejects.toMatchObject({ code: 'bad_request' });
    await expect(client.spawn(spawnOpts(newId(), ['sh'], { cwd: '/no/such/dir' }))).rejects.toMatchObject({ code: 'bad_request' });
    await expect(client.spawn(spawnOpts('NOT-HEX', ['sh']))).rejects.toMatchObject({ code: 'bad_request' });
    await expect(client.spawn(spawnOpts(newId(), ['sh'], { cols: 0 }))).rejects.toMatchObject({ code: 'bad_request' });
    await expect(client.snapshot('0fffffff')).rejects.toMatchObject({ code: 'not_found' });
    client.signal(id, 'SIGKILL');
  });

  it('sends signals to the process group and reports the signal name', async () => {
    const id = newId();
    const rec = new Recorder(client, id);
    await client.spawn(spawnOpts(id, ['sh', '-c', 'sleep 100 & echo "bg $!"; wait']));
    await rec.waitText(/bg \d+\r\n/);
    const bgPid = Number(/bg (\d+)/.exec(rec.text())![1]);
    expect(alive(bgPid)).toBe(true);
    client.signal(id, 'SIGTERM');
    const exit = await rec.waitExit();
    expect(exit.signal).toBe('SIGTERM');
    expect(exit.exitCode).toBeNull();
    // The background job was in the group: it got the signal too.
    await waitFor(() => !alive(bgPid), 'the background job to end');
  });

  it('resizes the pty', async () => {
    const id = newId();
    const rec = new Recorder(client, id);
    await client.spawn(spawnOpts(id, ['sh', '-c', 'stty size; read x; stty size; read y'], { cols: 80, rows: 24 }));
    await rec.waitText('24 80');
    client.resize(id, 100, 40);
    client.write(id, '\r');
    await rec.waitText('40 100');
    expect((await client.list()).find((s) => s.id === id)).toMatchObject({ cols: 100, rows: 40 });
    client.write(id, '\r');
    await rec.waitExit();
  });

  it('snapshots a screen drawn with cursor moves, with pending up to the current offset', async () => {
    const id = newId();
    const rec = new Recorder(client, id);
    const script = String.raw`printf '\033[2J\033[Hline1\r\nline2\033[5;10Hmid\033[31m red\033[0m'; read x`;
    await client.spawn(spawnOpts(id, ['sh', '-c', script], { cols: 40, rows: 10 }));
    await rec.waitText('red\x1b[0m');
    const snap = await client.snapshot(id);
    const total = (await client.list()).find((s) => s.id === id)!.offset;
    expect(snap.offset + snap.pending.length).toBe(total);
    expect(rec.end).toBe(total);
    const lines = await screenLines(snap, 40, 10);
    expect(lines[0]).toBe('line1');
    expect(lines[1]).toBe('line2');
    expect(lines[4]).toBe('         mid red');
    expect(snap.data).toContain('\x1b[31m');
    client.write(id, '\r');
    await rec.waitExit();
  });

  it('joins snapshot and stream at an offset with no gap and no duplicate', async () => {
    const id = newId();
    const rec = new Recorder(client, id);
    const cols = 60;
    const rows = 20;
    // Redraws lines with cursor moves, colours and clears for a second or so, then waits.
    const program = `
      let i = 0;
      const t = setInterval(() => {
        let s = '';
        for (let k = 0; k < 40; k++) {
          i++;
          s += '\\x1b[' + ((i * 7) % 19 + 1) + ';' + ((i % 5) + 1) + 'H\\x1b[K\\x1b[3' + (i % 8) + 'mline ' + i + ' ' + 'x'.repeat(i % 40) + '\\x1b[0m';
          if (i % 97 === 0) s += '\\x1b[2J';
        }
        process.stdout.write(s);
        if (i >= 12000) { clearInterval(t); process.stdout.write('\\x1b[20;1HDONE'); setTimeout(() => {}, 100000); }
      }, 2);`;
    await client.spawn(spawnOpts(id, [process.execPath, '-e', program], { cols, rows }));
    await rec.waitText('line 40');

    const snaps: HostSnapshot[] = [];
    while (!rec.text().includes('DONE')) {
      snaps.push(await client.snapshot(id));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(snaps.length).toBeGreaterThan(2);
    // Quiet now: the host's own view of the final screen.
    const final = await client.snapshot(id);
    const finalLines = await screenLines(final, cols, rows);
    expect(finalLines[19]).toBe('DONE');

    for (const snap of snaps) {
      const q = snap.offset + snap.pending.length;
      // The frames received after the answer start exactly at Q; none straddles it.
      for (const f of rec.frames) {
        if (f.offset < q) expect(f.offset + f.payload.length).toBeLessThanOrEqual(q);
      }
      const after = rec.frames.filter((f) => f.offset >= q);
      if (after.length > 0) expect(after[0]!.offset).toBe(q);
      const lines = await screenLines(snap, cols, rows, after.map((f) => f.payload));
      expect(lines).toEqual(finalLines);
    }
    client.signal(id, 'SIGKILL');
    await rec.waitExit();
  });

  it('delivers a 1 MiB paste intact', async () => {
    const id = newId();
    const rec = new Recorder(client, id);
    const dir = await mkdtemp(join(tmpdir(), 'cph-paste-'));
    homes.push(dir);
    // Raw mode: no line discipline limit, no echo, no special characters.
    const script = 'stty raw -echo -iexten; echo READY; head -c 1048576 > paste.bin; echo; echo "GOT $(wc -c < paste.bin)"';
    await client.spawn(spawnOpts(id, ['sh', '-c', script], { cwd: dir }));
    await rec.waitText('READY');
    const paste = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < paste.length; i++) paste[i] = 0x20 + ((i * 31 + (i >> 10)) % 95);
    client.write(id, paste);
    await rec.waitText('GOT 1048576', 20_000);
    const got = await readFile(join(dir, 'paste.bin'));
    expect(got.length).toBe(paste.length);
    expect(Buffer.compare(got, paste)).toBe(0);
    await rec.waitExit();
  }, 30_000);

  it('delivers every byte of processes that write fast and exit at once', async () => {
    // Linux keeps the last output of an exited process in the pty while libuv already reports EOF.
    const runs = Array.from({ length: 12 }, () => {
      const id = newId();
      return { id, rec: new Recorder(client, id) };
    });
    const lines = 20_000;
    for (const { id } of runs) await client.spawn(spawnOpts(id, ['sh', '-c', `head -c ${lines * 57} /dev/zero | base64`]));
    for (const { rec } of runs) {
      const exit = await rec.waitExit(30_000);
      expect(exit.offset).toBe(lines * 78);
      expect(rec.bytes()).toBe(lines * 78);
    }
  }, 60_000);

  it('answers bad requests with errors and keeps serving', async () => {
    const id = newId();
    await client.spawn(spawnOpts(id, ['sleep', '30']));
    // A raw connection takes over from `client` (one daemon connection at a time).
    const raw = net.createConnection(homePaths(home).ptyHostSock);
    const parser = new WireParser();
    const answers: Array<{ id: number; ok: boolean; error?: { code: string } }> = [];
    raw.on('data', (chunk) => {
      for (const f of parser.push(chunk)) if (f.type === WIRE_TYPE.json) answers.push(JSON.parse(f.body.toString()));
    });
    await new Promise((r) => raw.once('connect', r));
    const closed = new Promise<void>((r) => client.once('close', () => r()));
    raw.write(encodeJsonFrame({ id: 1, op: 'list' }));
    raw.write(encodeJsonFrame({ id: 2, op: 'hello', version: 999 }));
    raw.write(encodeJsonFrame({ id: 3, op: 'hello', version: PTY_HOST_PROTOCOL_VERSION }));
    raw.write(Buffer.concat([Buffer.from([0, 0, 0, 3, WIRE_TYPE.json]), Buffer.from('{x]')]));
    raw.write(encodeJsonFrame([1, 2]));
    raw.write(encodeJsonFrame({ id: 4, op: 'nope' }));
    raw.write(encodeJsonFrame({ id: 5, op: 'spawn', session: 'abc' }));
    raw.write(encodeJsonFrame({ id: 6, op: 'resize', session: id, cols: 'wide', rows: 3 }));
    raw.write(encodeJsonFrame({ id: 7, op: 'signal', session: id, signal: 'SIGNOPE' }));
    raw.write(encodeJsonFrame({ id: 8, op: 'spawn', session: '0000ffff', command: [1], cwd: '/', env: {}, cols: 80, rows: 24 }));
    raw.write(Buffer.from([0, 0, 0, 2, WIRE_TYPE.input, 1, 2]));
    raw.write(Buffer.from([0, 0, 0, 0, 99]));
    raw.write(encodeJsonFrame({ id: 9, op: 'list' }));
    await waitFor(() => answers.some((a) => a.id === 9), 'the answer to the last request');
    await closed;
    const byId = new Map(answers.map((a) => [a.id, a]));
    expect(byId.get(1)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(byId.get(2)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(byId.get(3)).toMatchObject({ ok: true });
    for (const n of [4, 5, 6, 7, 8]) expect(byId.get(n)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(byId.get(9)).toMatchObject({ ok: true });
    raw.destroy();
    // The host is still there, with its sessions.
    client = await connect(home, false);
    expect((await client.list()).find((s) => s.id === id)?.running).toBe(true);
    client.signal(id, 'SIGKILL');
  });
});

describe('pty host across daemon connections', () => {
  it('keeps sessions running across a disconnect and continues at the next offset', async () => {
    const home = await newHome();
    const c1 = await connect(home);
    const id = newId();
    const rec1 = new Recorder(c1, id);
    await c1.spawn(spawnOpts(id, ['cat']));
    c1.write(id, 'one\r');
    await rec1.waitText('one\r\none\r\n');
    const closed = new Promise<void>((r) => c1.once('close', () => r()));
    c1.close();
    await closed;

    const c2 = await connect(home, false);
    expect(c2.hostPid).toBe(c1.hostPid);
    const listed = (await c2.list()).find((s) => s.id === id);
    expect(listed).toMatchObject({ running: true, offset: rec1.end });
    const rec2 = new Recorder(c2, id);
    c2.write(id, 'two\r');
    await rec2.waitText('two\r\ntwo\r\n');
    expect(rec2.frames[0]!.offset).toBe(rec1.end);

    // A third connection replaces the second.
    const replaced = new Promise<void>((r) => c2.once('close', () => r()));
    const c3 = await connect(home, false);
    await replaced;
    expect(c2.connected).toBe(false);
    await expect(c2.list()).rejects.toMatchObject({ code: 'daemon_unavailable' });
    expect((await c3.list()).find((s) => s.id === id)?.running).toBe(true);
    await c3.shutdown();
  });

  it('survives the daemon process being killed with SIGKILL', async () => {
    const home = await newHome();
    const id = newId();
    const script = `
      import { PtyHostClient } from ${JSON.stringify(distIndexPath)};
      const c = await PtyHostClient.connect({ home: ${JSON.stringify(home)}, spawn: true });
      await c.spawn({ id: ${JSON.stringify(id)}, command: ['sh', '-c', 'while :; do echo tick; sleep 0.05; done'], cwd: '/', env: ${JSON.stringify(ENV)}, cols: 80, rows: 24 });
      console.log(JSON.stringify({ hostPid: c.hostPid }));
      setInterval(() => {}, 1000);`;
    const child = spawnProcess(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    await waitFor(() => out.includes('hostPid'), 'the daemon child to spawn a session', 15_000);
    const { hostPid } = JSON.parse(out) as { hostPid: number };
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const c = await connect(home, false);
    expect(c.hostPid).toBe(hostPid);
    const s = (await c.list()).find((x) => x.id === id)!;
    expect(s.running).toBe(true);
    const rec = new Recorder(c, id);
    await rec.waitText('tick');
    expect(rec.frames[0]!.offset).toBeGreaterThanOrEqual(s.offset);
    await c.shutdown();
  }, 30_000);

  it('shutdown kills every session (SIGHUP, then SIGKILL) and the host exits', async () => {
    const home = await newHome();
    const c = await connect(home);
    const hostPid = c.hostPid;
    const a = newId();
    const b = newId();
    const recB = new Recorder(c, b);
    await c.spawn(spawnOpts(a, ['sleep', '60']));
    await c.spawn(spawnOpts(b, ['sh', '-c', 'trap "" HUP; echo ready; while :; do sleep 1; done']));
    await recB.waitText('ready');
    await c.shutdown();
    expect(c.connected).toBe(false);
    await waitFor(() => !alive(hostPid), 'the host to exit');
    const paths = homePaths(home);
    expect(await readExitRecord(paths.sessionDir(a))).toMatchObject({ signal: 'SIGHUP', exitCode: null });
    expect(await readExitRecord(paths.sessionDir(b))).toMatchObject({ signal: 'SIGKILL', exitCode: null });
    expect(existsSync(paths.ptyHostSock)).toBe(false);
    expect(existsSync(paths.ptyHostPid)).toBe(false);
    await expect(PtyHostClient.connect({ home })).rejects.toMatchObject({ code: 'daemon_unavailable' });
  }, 30_000);

  it('exits on its own when no daemon is connected and no session runs', async () => {
    const home = await newHome();
    const c = await connect(home);
    const hostPid = c.hostPid;
    const id = newId();
    const rec = new Recorder(c, id);
    await c.spawn(spawnOpts(id, ['true']));
    await rec.waitExit();
    c.close();
    await waitFor(() => !alive(hostPid), 'the idle host to exit', 15_000);
    expect(existsSync(homePaths(home).ptyHostSock)).toBe(false);
  }, 30_000);

  it('pauses the ptys while the daemon does not read, and loses nothing', async () => {
    const home = await newHome();
    const c = await connect(home);
    const hostPid = c.hostPid;
    c.close();
    const paths = homePaths(home);
    // A daemon that says hello, asks for two sessions and then stops reading its socket.
    const raw = net.createConnection(paths.ptyHostSock);
    await new Promise((r) => raw.once('connect', r));
    raw.pause();
    const flood = newId();
    const short = newId();
    const floodLines = 400_000;
    // Small enough to fit in the pty's kernel buffer (~4 KiB) while nobody reads it.
    const shortLines = 40;
    raw.write(encodeJsonFrame({ id: 0, op: 'hello', version: PTY_HOST_PROTOCOL_VERSION }));
    const spawnReq = (reqId: number, id: string, lines: number, sleep: string) =>
      encodeJsonFrame({
        id: reqId,
        op: 'spawn',
        session: id,
        command: ['sh', '-c', `${sleep}head -c ${lines * 57} /dev/zero | base64`],
        cwd: '/',
        env: ENV,
        cols: 80,
        rows: 24,
      });
    raw.write(spawnReq(1, flood, floodLines, ''));

    // The flood stalls once the daemon socket is over its watermark: its log stops growing.
    let last = -1;
    let maxRss = 0;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 300));
      maxRss = Math.max(maxRss, rssBytes(hostPid));
      const { end } = await outputLogRange(paths.sessionDir(flood));
      if (end === last && end > 8 * 1024 * 1024) break;
      last = end;
    }
    expect(last).toBeGreaterThan(8 * 1024 * 1024);
    expect(last).toBeLessThan(floodLines * 78);

    // A session that writes a little and exits while reading is paused still delivers everything.
    raw.write(spawnReq(2, short, shortLines, 'sleep 0.2; '));
    await waitFor(() => existsSync(join(paths.sessionDir(short), 'exit.json')), 'the short session to end');
    expect((await readExitRecord(paths.sessionDir(short)))?.offset).toBe(shortLines * 78);
    expect((await outputLogRange(paths.sessionDir(short))).end).toBe(shortLines * 78);
    if (maxRss > 0) expect(maxRss).toBeLessThan(300 * 1024 * 1024);

    // The daemon reads again: every byte arrives, in order.
    const parser = new WireParser();
    const got = new Map<string, number>();
    const exits = new Map<string, number>();
    raw.on('data', (chunk) => {
      for (const f of parser.push(chunk)) {
        if (f.type === WIRE_TYPE.output) {
          const id = f.body.readUInt32BE(1).toString(16).padStart(8, '0');
          const offset = f.body.readUInt32BE(5) * 2 ** 32 + f.body.readUInt32BE(9);
          expect(offset).toBe(got.get(id) ?? 0);
          got.set(id, offset + f.body.length - 13);
        } else if (f.type === WIRE_TYPE.json) {
          const msg = JSON.parse(f.body.toString());
          if (msg.event === 'exit') exits.set(msg.session, msg.offset);
        }
      }
    });
    raw.resume();
    await waitFor(() => exits.has(flood) && exits.has(short), 'both exits', 30_000);
    expect(got.get(flood)).toBe(floodLines * 78);
    expect(exits.get(flood)).toBe(floodLines * 78);
    expect(got.get(short)).toBe(shortLines * 78);
    raw.destroy();
    const c2 = await connect(home, false);
    await c2.shutdown();
  }, 60_000);

  it('starts one host when two daemons connect at once', async () => {
    const home = await newHome();
    const [c1, c2] = await Promise.all([connect(home), connect(home)]);
    expect(c1.hostPid).toBe(c2.hostPid);
    const c3 = await connect(home, false);
    await c3.shutdown();
  });
});
