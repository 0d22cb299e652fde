// CodePiper (this repository) as a benchmark target: a daemon on loopback with a temporary home,
// driven as the dashboard drives it (WebSocket with a ticket: attach, JSON input, binary frames).
import { api, connect, startDaemon } from '../support.mjs';

/** Starts a daemon and returns the target interface every figure drives (see targets/index.mjs). */
export async function startCodePiper() {
  const daemon = await startDaemon();
  return {
    name: 'CodePiper',
    kind: 'stream',
    daemon,
    async create(shell, { cols = 120, rows = 32 } = {}) {
      const session = await api(daemon, 'POST', '/api/sessions', { command: ['bash', '-c', shell], cols, rows });
      return session.id;
    },
    /** Attaches one client; resolves once its first screen has arrived (live output follows). */
    async open(id, onData, { flow = false } = {}) {
      let ready;
      const attached = new Promise((resolve) => (ready = resolve));
      const client = { snapshots: 0, ws: null };
      client.ws = await connect(daemon, {
        onFrame: (frame) => {
          if (frame.kind === 'snapshot') {
            client.snapshots++;
            ready();
            return;
          }
          if (frame.kind === 'output') onData(frame.payload);
        },
      });
      client.ws.send(JSON.stringify({ type: 'attach', session: id, ...(flow ? { flow } : {}) }));
      await attached;
      client.input = (text) => client.ws.send(JSON.stringify({ type: 'input', session: id, data: text }));
      client.close = () => client.ws.close();
      return client;
    },
    async remove(id) {
      await api(daemon, 'DELETE', `/api/sessions/${id}?force=true`);
    },
    pids: () => daemon.pids(),
    stop: () => daemon.stop(),
  };
}
