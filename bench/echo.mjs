// Figure 2, keystroke echo: a client types one byte into `cat` (raw mode, no tty echo) and waits for
// it to come back, with the machine otherwise quiet and with 20 other sessions busy. Baseline: the
// same against a bare node-pty in one process (busy: with 20 bare node-pty sessions of the same load).
import pty from 'node-pty';
import { summarize } from './support.mjs';

// The first key typed starts the measurement, so READY is always live output (never part of a screen
// taken at attach time).
const ECHO = 'stty raw -echo; read -n1 _; echo READY; exec cat';
const KEYS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Keystrokes typed and not counted before the measured ones, on the baseline and the targets alike:
 * the first hundred or so echoes through the daemon run code V8 has not compiled yet (in the client,
 * the daemon and the pty host) and took 7–40 ms here; the figure is the steady state a typist gets.
 */
const WARMUP_KEYSTROKES = 100;

/**
 * "Busy": a line of ~100 bytes every 10 ms (bash builtins only, no process spawned), about what an
 * agent streaming its work writes, in each of 20 sessions.
 */
export const BUSY = 'p=$(printf "%080d" 0); i=0; while :; do i=$((i+1)); echo "busy $i $p"; read -t 0.01 _; done';
export const BUSY_SESSIONS = 20;

function asText(data) {
  return typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
}

/**
 * A key not echoed by then is lost, and the run fails rather than wait forever: a peer under load
 * (VibeTunnel with 20 busy sessions) once left a run waiting 15 minutes for one key.
 */
const ECHO_TIMEOUT_MS = 10_000;

function withinEchoTimeout(promise, message) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message())), ECHO_TIMEOUT_MS)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves once `text` has been seen in what `subscribe` delivers. */
function untilSeen(text) {
  let seen = '';
  let found;
  const promise = new Promise((resolve) => (found = resolve));
  return {
    promise,
    feed(data) {
      seen = (seen + asText(data)).slice(-4096);
      if (seen.includes(text)) found();
    },
  };
}

/** Bare node-pty: write one byte, wait for `cat` to send it back. `busy` sessions run meanwhile. */
export async function echoBaseline(count, busy = 0) {
  const others = [];
  for (let i = 0; i < busy; i++) {
    const term = pty.spawn('bash', ['-c', BUSY], { cols: 120, rows: 32, encoding: null });
    term.onData(() => undefined);
    others.push(term);
  }
  const term = pty.spawn('bash', ['-c', ECHO], { cols: 80, rows: 24, encoding: null });
  try {
    let handler = () => undefined;
    term.onData((data) => handler(data));
    const ready = untilSeen('READY');
    handler = ready.feed;
    term.write('.');
    await ready.promise;
    const samples = [];
    for (let i = 0; i < WARMUP_KEYSTROKES + count; i++) {
      const got = new Promise((resolve) => (handler = resolve));
      const started = performance.now();
      term.write(KEYS[i % KEYS.length]);
      await got;
      samples.push(performance.now() - started);
    }
    return summarize(samples.slice(WARMUP_KEYSTROKES));
  } finally {
    term.kill();
    for (const other of others) other.kill();
  }
}

/**
 * Through a target: a client types a byte and waits for its echo. Stream targets send the byte back as
 * output; screen-based ones send a new screen, which counts once it shows every key typed so far.
 */
export async function echoTarget(target, count, busy = 0) {
  const others = [];
  for (let i = 0; i < busy; i++) others.push(await target.create(BUSY));
  const id = await target.create(ECHO, { cols: 80, rows: 24 });
  let handler = () => undefined;
  const link = await target.open(id, (data) => handler(data));
  try {
    const ready = untilSeen('READY');
    handler = ready.feed;
    link.input('.');
    await ready.promise;
    const samples = [];
    for (let i = 0; i < WARMUP_KEYSTROKES + count; i++) {
      const key = KEYS[i % KEYS.length];
      const got = new Promise((resolve) => {
        if (target.kind !== 'screens') handler = (data) => (asText(data).includes(key) ? resolve() : undefined);
        else handler = (screen) => (screen.replace(/[^a-z]/g, '').length > i ? resolve() : undefined);
      });
      const started = performance.now();
      link.input(key);
      await withinEchoTimeout(got, () => `${target.name}: keystroke ${i + 1} not echoed within ${ECHO_TIMEOUT_MS / 1000} s`);
      samples.push(performance.now() - started);
    }
    return summarize(samples.slice(WARMUP_KEYSTROKES));
  } finally {
    link.close();
    await target.remove(id);
    for (const other of others) await target.remove(other);
  }
}
