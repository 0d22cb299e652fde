import { api, connect, wsTicket } from './support.mjs';

async function timeToFirstScreen(daemon, id) {
  // The ticket is fetched before the clock starts: the figure is WebSocket open → first screen.
  const ticket = await wsTicket(daemon);
  const started = performance.now();
  let gotScreen;
  const screen = new Promise((r) => (gotScreen = r));
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
    if (outputBytes >= bytes && outputBytes === last) return;
    last = outputBytes;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Time from WebSocket connect to the first screen, for a session with a long history and one with none. */
export async function firstScreen(daemon, historyMiB) {
  const small = await api(daemon, 'POST', '/api/sessions', { command: ['sh', '-c', 'echo ready; sleep 120'] });
  const large = await api(daemon, 'POST', '/api/sessions', {
    command: ['sh', '-c', `head -c ${historyMiB}M /dev/urandom | base64; echo ready; sleep 120`],
  });
  await waitForOutput(daemon, small.id, 6);
  await waitForOutput(daemon, large.id, historyMiB * 1024 * 1024 * 1.3);
  // Warm-up attach so that both measurements see a daemon in the same state.
  await timeToFirstScreen(daemon, small.id);
  const smallMs = await timeToFirstScreen(daemon, small.id);
  const largeMs = await timeToFirstScreen(daemon, large.id);
  await api(daemon, 'DELETE', `/api/sessions/${small.id}?force=true`);
  await api(daemon, 'DELETE', `/api/sessions/${large.id}?force=true`);
  return { smallMs, largeMs };
}
