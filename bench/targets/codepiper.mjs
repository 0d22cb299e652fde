// CodePiper (this repository) as a benchmark target: a daemon on loopback with a temporary home,
// driven as the dashboard drives it (WebSocket with a ticket: attach, JSON input, binary frames).
import { leanConnect } from '../lean-client.mjs';
import { api, startDaemon, wsTicket } from '../support.mjs';

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
    /**
     * Attaches one client (the lean client: see lean-client.mjs); resolves once its first screen has
     * arrived (live output follows). `onData` gets views valid only during the call.
     */
    async open(id, onData, { flow = false } = {}) {
      let ready;
      const attached = new Promise((resolve) => (ready = resolve));
      const client = { snapshots: 0 };
      const link = await leanConnect(daemon.wsPort, await wsTicket(daemon), {
        onFrame: (kind, payload, first) => {
          if (kind === 'snapshot') {
            if (first) client.snapshots++;
            ready();
            return;
          }
          if (kind === 'output') onData(payload);
        },
      });
      link.sendText(JSON.stringify({ type: 'attach', session: id, ...(flow ? { flow } : {}) }));
      await attached;
      client.input = (text) => link.sendText(JSON.stringify({ type: 'input', session: id, data: text }));
      client.close = () => link.close();
      client.pause = () => link.pause();
      client.terminate = () => link.terminate();
      return client;
    },
    async remove(id) {
      await api(daemon, 'DELETE', `/api/sessions/${id}?force=true`);
    },
    pids: () => daemon.pids(),
    stop: () => daemon.stop(),
  };
}
