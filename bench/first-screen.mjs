// Figure 5, attach: time from opening a WebSocket to the first screen of a session that has written
// a long history (`head -c <N>M /dev/zero | base64`, at full speed), against a session with a few
// bytes of history. A snapshot is taken from the pty host's headless terminal, so history should not
// matter.
import { api, connect, median, sleep, wsTicket } from './support.mjs';

async function timeToFirstScreen(daemon, id) {
  // The ticket is fetched before the clock starts: the figure is WebSocket open → first screen.
  const ticket = await wsTicket(daemon);
  const started = performance.now();
  let gotScreen;
  const screen = new Promise((resolve) => (gotScreen = resolve));
  const ws = await connect(daemon, {
    ticket,
    onFrame: (frame) => {
      if (frame.kind === 'snapshot') gotScreen(performance.now());
    },
  });
  ws.send(JSON.stringify({ type: 'attach', session: id }));
  const at = await screen;
  ws.close();
  return at - started;
}

/** Waits until the session has written at least `bytes` and then stopped writing (its history is complete). */
async function waitForOutput(daemon, id, bytes) {
  let last = -1;
  for (;;) {
    const { outputBytes } = await api(daemon, 'GET', `/api/sessions/${id}`);
    if (outputBytes >= bytes && outputBytes === last) return outputBytes;
    last = outputBytes;
    await sleep(outputBytes >= bytes ? 100 : 500);
  }
}

/**
 * Creates both sessions once, then measures `attaches` connects to each, alternating. Returns the
 * medians and the history actually written.
 */
export async function firstScreen(target, { historyMiB, attaches }) {
  const daemon = target.daemon;
  const small = await api(daemon, 'POST', '/api/sessions', { command: ['bash', '-c', 'echo ready; exec sleep 100000'] });
  const large = await api(daemon, 'POST', '/api/sessions', { command: ['bash', '-c', `head -c ${historyMiB}M /dev/zero | base64; echo ready; exec sleep 100000`] });
  try {
    const generated = performance.now();
    await waitForOutput(daemon, small.id, 6);
    const historyBytes = await waitForOutput(daemon, large.id, Math.floor(historyMiB * 1024 * 1024 * 1.35));
    const generationSeconds = (performance.now() - generated) / 1000;
    await timeToFirstScreen(daemon, small.id); // warm-up: both measurements see a daemon in the same state
    const smallMs = [];
    const largeMs = [];
    for (let i = 0; i < attaches; i++) {
      smallMs.push(await timeToFirstScreen(daemon, small.id));
      largeMs.push(await timeToFirstScreen(daemon, large.id));
    }
    return { historyBytes, generationSeconds, smallHistoryMs: median(smallMs), largeHistoryMs: median(largeMs), largeHistoryMaxMs: Math.max(...largeMs) };
  } finally {
    await api(daemon, 'DELETE', `/api/sessions/${small.id}?force=true`);
    await api(daemon, 'DELETE', `/api/sessions/${large.id}?force=true`);
  }
}
