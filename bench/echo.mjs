import pty from 'node-pty';
import { api, connect, percentile } from './support.mjs';

function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) };
}

// Raw mode and no tty echo: every byte typed comes back exactly once, from cat.
const ECHO_COMMAND = ['sh', '-c', 'stty raw -echo; echo READY; exec cat'];
const KEYS = 'abcdefghijklmnopqrstuvwxyz';

/** Resolves once READY has been seen: the tty is in raw mode and cat is reading. */
function untilReady(setHandler) {
  let seen = '';
  return new Promise((resolve) => {
    setHandler((data) => {
      seen += Buffer.from(data).toString('latin1');
      if (seen.includes('READY')) resolve();
    });
  });
}

/** Bare node-pty: write one byte, wait for `cat` to send it back. */
export async function echoBaseline(count) {
  const term = pty.spawn(ECHO_COMMAND[0], ECHO_COMMAND.slice(1), { cols: 80, rows: 24, encoding: null });
  let waiting;
  term.onData((data) => waiting?.(data));
  const once = () => new Promise((r) => (waiting = r));
  await untilReady((handler) => (waiting = handler));
  const samples = [];
  for (let i = 0; i < count; i++) {
    const key = KEYS[i % KEYS.length];
    const got = once();
    const started = performance.now();
    term.write(key);
    await got;
    samples.push(performance.now() - started);
  }
  term.kill();
  return summarize(samples);
}

/** Through the daemon: a WebSocket client types a byte and waits for its echo frame. */
export async function echoDaemon(daemon, count) {
  const session = await api(daemon, 'POST', '/api/sessions', { command: ECHO_COMMAND });
  let waiting;
  const ws = await connect(daemon, { onFrame: (frame) => waiting?.(frame.payload) });
  const ready = untilReady((handler) => (waiting = handler));
  ws.send(JSON.stringify({ type: 'attach', session: session.id }));
  await ready;
  const once = () => new Promise((r) => (waiting = r));
  const samples = [];
  for (let i = 0; i < count; i++) {
    const key = KEYS[i % KEYS.length];
    const got = once();
    const started = performance.now();
    ws.send(JSON.stringify({ type: 'input', session: session.id, data: key }));
    await got;
    samples.push(performance.now() - started);
  }
  ws.close();
  await api(daemon, 'DELETE', `/api/sessions/${session.id}?force=true`);
  return summarize(samples);
}
