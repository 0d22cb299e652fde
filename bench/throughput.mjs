// Figure 1, output throughput: a session writes `head -c <N>M /dev/zero | base64` and 1 or 10 clients
// receive it, against node-pty read directly in one process (the ceiling).
import pty from 'node-pty';

const MARKER = 'CODEPIPER-BENCH-END';

function flood(megabytes) {
  return `head -c ${megabytes}M /dev/zero | base64; echo ${MARKER}`;
}

/** Bytes of output of `head -c <N>M /dev/zero | base64` plus the marker line (76 columns + newline, pty CRLF). */
export function floodBytes(megabytes) {
  const encoded = Math.ceil((megabytes * 1024 * 1024) / 3) * 4;
  return encoded + Math.ceil(encoded / 76) * 2 + MARKER.length + 2;
}

/** node-pty read directly in this process (`encoding: null`, Buffers): MB/s. */
export function throughputBaseline(megabytes) {
  return new Promise((resolve) => {
    const started = performance.now();
    let bytes = 0;
    const term = pty.spawn('bash', ['-c', flood(megabytes)], { cols: 120, rows: 32, encoding: null });
    term.onData((data) => {
      bytes += data.length;
    });
    term.onExit(() => resolve(bytes / 1e6 / ((performance.now() - started) / 1000)));
  });
}

/** Watches one client's output for the end marker; counts what it received. */
function counter(kind) {
  const c = { bytes: 0, doneAt: 0, tail: '', screens: 0 };
  c.onData = (data) => {
    if (c.doneAt) return;
    if (kind === 'screens') {
      c.screens++;
      c.bytes += Buffer.byteLength(data);
      if (data.includes(MARKER)) c.doneAt = performance.now();
      return;
    }
    const text = typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1', Math.max(0, data.length - 64));
    c.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    c.tail = (c.tail + text.slice(-64)).slice(-64);
    if (c.tail.includes(MARKER)) c.doneAt = performance.now();
  };
  return c;
}

/**
 * The flood in a session of `target`, received by `clients` clients at once. The session waits for a
 * keystroke so that every client is attached before the first byte. Returns the rate at which the
 * slowest client got the stream (MB/s of bytes received); a run longer than `capMs` is cut short and
 * measured on what arrived by then.
 *
 * Screen-based targets deliver screens, not the stream: the MB/s is then of screen bytes received, and
 * `deliveredFraction` tells how much of the output that was.
 */
export async function throughputTarget(target, { megabytes, clients, capMs }) {
  const id = await target.create(`read go; ${flood(megabytes)}; exec sleep 600`);
  const counters = [];
  const links = [];
  try {
    for (let i = 0; i < clients; i++) {
      const c = counter(target.kind);
      counters.push(c);
      links.push(await target.open(id, c.onData));
    }
    // Output before the keystroke (the prompt-less read, the first screen) is not part of the flood.
    for (const c of counters) {
      c.bytes = 0;
      c.screens = 0;
    }
    const started = performance.now();
    links[0].input('\r');
    const deadline = started + capMs;
    while (counters.some((c) => !c.doneAt) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const now = performance.now();
    const rates = counters.map((c) => c.bytes / 1e6 / (((c.doneAt || now) - started) / 1000));
    const slowest = counters[rates.indexOf(Math.min(...rates))];
    return {
      MBps: Math.min(...rates),
      seconds: ((slowest.doneAt || now) - started) / 1000,
      capped: counters.some((c) => !c.doneAt),
      deliveredFraction: slowest.bytes / floodBytes(megabytes),
      ...(target.kind === 'screens' ? { screens: slowest.screens } : {}),
      ...(links[0].snapshots !== undefined ? { resyncs: links.reduce((n, l) => n + l.snapshots - 1, 0) } : {}),
    };
  } finally {
    for (const link of links) link.close();
    await target.remove(id);
  }
}
