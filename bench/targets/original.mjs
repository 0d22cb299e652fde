// The original CodePiper (0.2.x: Bun + tmux) as a benchmark target, with a temporary HOME, its own
// unix socket, a free WebSocket port and a private tmux server (TMUX_TMPDIR). It only launches agent
// providers, so a stand-in `codex` on its PATH runs the benchmark's command (given in the session's
// environment). Driven as its clients drive it: POST /sessions on the unix socket, and the WebSocket
// protocol at /ws on the same socket (hello, subscribe to `session:<id>:pty`, `pty_input`). Its output
// messages are whole screens (tmux capture-pane), not a byte stream.
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import { freePort, sleep, track, trackDir, untrack } from '../support.mjs';
import { installOriginal } from './peers.mjs';

const run = promisify(execFile);

function http(socketPath, method, path, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ socketPath, method, path, headers: payload ? { 'content-type': 'application/json' } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (res.statusCode >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 200)}`));
        else resolve(text ? JSON.parse(text) : undefined);
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export async function startOriginal() {
  const { bun, main, version } = await installOriginal();
  const home = await mkdtemp(join(tmpdir(), 'codepiper-original-bench-'));
  trackDir(home);
  const bin = join(home, 'bin');
  await mkdir(bin);
  await mkdir(join(home, 'tmux'));
  await writeFile(join(bin, 'codex'), '#!/bin/sh\nexec bash -c "$BENCH_CMD"\n');
  await chmod(join(bin, 'codex'), 0o755);
  const socketPath = join(home, 'codepiper.sock');
  const env = {
    ...process.env,
    HOME: home,
    PATH: `${bin}:${process.env.PATH}`,
    TMUX_TMPDIR: join(home, 'tmux'),
    CODEPIPER_SOCKET: socketPath,
    CODEPIPER_WS_PORT: String(await freePort()),
    CODEPIPER_DB_PATH: join(home, '.codepiper', 'codepiper.db'),
  };
  delete env.TMUX;
  const child = spawn(bun, [main], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child.pid);
  let output = '';
  child.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the original CodePiper did not start: ${output}`)), 60_000);
    const check = () => {
      if (output.includes('CodePiper daemon is ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the original CodePiper exited with ${code}: ${output}`));
    });
  });
  const tmux = (...args) => run('tmux', args, { env });
  let tmuxPid = 0;

  return {
    name: 'CodePiper 0.2 (original)',
    version,
    kind: 'screens',
    async create(shell) {
      const { session } = await http(socketPath, 'POST', '/sessions', { provider: 'codex', cwd: home, env: { BENCH_CMD: shell } });
      if (!tmuxPid) {
        tmuxPid = Number((await tmux('display-message', '-p', '#{pid}').catch(() => ({ stdout: '0' }))).stdout.trim());
        track(tmuxPid);
      }
      return session.id;
    },
    /** `onData(screen)` receives every screen the daemon pushes (text of the whole pane). */
    async open(id, onData) {
      const ws = new WebSocket(`ws+unix://${socketPath}:/ws`, { perMessageDeflate: false });
      const topic = `session:${id}:pty`;
      let helloAck;
      const acked = new Promise((resolve) => (helloAck = resolve));
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.op === 'hello_ack') helloAck();
        else if (message.topic === topic && message.type === 'pty_output') onData(message.data);
      });
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      ws.send(JSON.stringify({ op: 'hello', version: 1 }));
      ws.send(JSON.stringify({ op: 'subscribe', topic, sinceSeq: 0 }));
      await acked;
      return {
        input: (text) => ws.send(JSON.stringify({ op: 'pty_input', sessionId: id, data: text })),
        close: () => ws.close(),
      };
    },
    async remove(id) {
      await http(socketPath, 'POST', `/sessions/${id}/kill`, {}).catch(() => undefined);
    },
    /** The daemon and the tmux server that holds its sessions' screens (not the sessions' programs). */
    pids: () => (tmuxPid ? [child.pid, tmuxPid] : [child.pid]),
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      untrack(child.pid);
      await tmux('kill-server').catch(() => undefined);
      untrack(tmuxPid);
      await rm(home, { recursive: true, force: true });
    },
  };
}
