// VibeTunnel as a benchmark target, started without authentication on 127.0.0.1 with a temporary
// HOME, and driven as its web client drives it: sessions created with POST /api/sessions, output read
// from the session's Server-Sent Events stream (/api/sessions/:id/stream, asciinema events
// `[time, "o", text]`), keys sent as raw text on the /ws/input WebSocket.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { freePort, sleep, track, trackDir, until, untrack } from '../support.mjs';
import { installVibeTunnel } from './peers.mjs';

function http(port, method, path, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ host: '127.0.0.1', port, method, path, headers: payload ? { 'content-type': 'application/json' } : {} }, (res) => {
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

/** One SSE client of a session: calls onData(text) for every output event; resolves once connected. */
function openStream(port, id, onData) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: `/api/sessions/${id}/stream`, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream: ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk) => {
        buffer += chunk;
        let start = 0;
        for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n', start)) {
          const event = buffer.slice(start, end);
          start = end + 2;
          if (event === ':ok') resolve(req);
          if (!event.startsWith('data: [')) continue;
          const parsed = JSON.parse(event.slice(6));
          if (parsed[1] === 'o') onData(parsed[2]);
        }
        buffer = buffer.slice(start);
      });
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function startVibeTunnel() {
  const { main, version } = await installVibeTunnel();
  const home = await mkdtemp(join(tmpdir(), 'vibetunnel-bench-'));
  trackDir(home);
  const port = await freePort();
  const child = spawn(process.execPath, [main, '--no-auth', '--port', String(port), '--bind', '127.0.0.1', '--no-mdns'], {
    cwd: home,
    env: { ...process.env, HOME: home },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  track(child.pid);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const sessionPids = new Set();
  try {
    await until(async () => {
      if (child.exitCode !== null) throw new Error(`VibeTunnel exited with ${child.exitCode}: ${stderr}`);
      return http(port, 'GET', '/api/sessions').then(
        () => true,
        () => false,
      );
    }, { timeoutMs: 30_000, everyMs: 100, what: 'VibeTunnel to listen' });
  } catch (error) {
    child.kill('SIGKILL');
    await rm(home, { recursive: true, force: true });
    throw error;
  }

  return {
    name: 'VibeTunnel',
    version,
    kind: 'stream',
    async create(shell, { cols = 120, rows = 32 } = {}) {
      const { sessionId } = await http(port, 'POST', '/api/sessions', { command: ['bash', '-c', shell], workingDir: home, cols, rows, name: 'bench' });
      const info = await http(port, 'GET', `/api/sessions/${sessionId}`).catch(() => undefined);
      if (info?.pid) {
        sessionPids.add(info.pid);
        track(info.pid);
      }
      return sessionId;
    },
    async open(id, onData) {
      const stream = await openStream(port, id, onData);
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/input?sessionId=${encodeURIComponent(id)}`, { perMessageDeflate: false });
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      return {
        input: (text) => ws.send(text),
        close() {
          ws.close();
          stream.destroy();
        },
      };
    },
    async remove(id) {
      await http(port, 'DELETE', `/api/sessions/${id}`).catch(() => undefined);
    },
    pids: () => [child.pid],
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      untrack(child.pid);
      for (const pid of sessionPids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already ended with its server
        }
        untrack(pid);
      }
      await rm(home, { recursive: true, force: true });
    },
  };
}
