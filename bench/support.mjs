// Shared helpers for the benchmark: a real daemon process on loopback, a WebSocket client, statistics.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { decodeFrame } from '@codepiper/protocol';

const DAEMON_MAIN = fileURLToPath(new URL('../apps/daemon/dist/main.js', import.meta.url));

export async function startDaemon() {
  const home = await mkdtemp(join(tmpdir(), 'codepiper-bench-'));
  const child = spawn(process.execPath, [DAEMON_MAIN, '--home', home, '--port', '0', '--ws-port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const ready = out.split('\n').find((l) => l.startsWith('codepiper daemon ready:'));
      if (ready) resolve(ready);
    });
    child.once('exit', (code) => reject(new Error(`daemon exited with ${code}`)));
  });
  const wsPort = Number(/ws ws:\/\/[^ ]+:(\d+)/.exec(line)[1]);
  return {
    home,
    wsPort,
    socket: join(home, 'daemon.sock'),
    child,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      const pid = Number((await readFile(join(home, 'ptyhost.pid'), 'utf8').catch(() => '')).trim());
      if (pid > 0) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
      await rm(home, { recursive: true, force: true });
    },
  };
}

export function api(daemon, method, path, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ socketPath: daemon.socket, method, path, headers: payload ? { 'content-type': 'application/json' } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if (res.statusCode >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
        else resolve(text ? JSON.parse(text) : undefined);
      });
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** A single-use WebSocket ticket, fetched as the owner over the unix socket. */
export async function wsTicket(daemon) {
  return (await api(daemon, 'POST', '/api/auth/ws-ticket', {})).ticket;
}

/**
 * A raw WebSocket client over TCP loopback, as a browser connects: a ticket (`ticket`, else a fresh
 * one) and an Origin of the dashboard. `onFrame(frame)` for binary frames, `onJson(message)` for the rest.
 */
export async function connect(daemon, { ticket, onFrame = () => {}, onJson = () => {} } = {}) {
  ticket ??= await wsTicket(daemon);
  const ws = new WebSocket(`ws://127.0.0.1:${daemon.wsPort}/?ticket=${encodeURIComponent(ticket)}`, {
    perMessageDeflate: false,
    origin: `http://127.0.0.1:${daemon.wsPort}`,
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) onFrame(decodeFrame(data));
    else {
      const message = JSON.parse(data.toString());
      if (message.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
      onJson(message);
    }
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
}
