import pty from 'node-pty';
import { api, connect } from './support.mjs';

const MARKER = 'CODEPIPER-BENCH-END';

function command(megabytes) {
  return ['sh', '-c', `head -c ${megabytes}M /dev/zero | base64; echo ${MARKER}`];
}

/** node-pty read directly in this process: the ceiling. */
export function throughputBaseline(megabytes) {
  return new Promise((resolve) => {
    const [file, ...args] = command(megabytes);
    const started = performance.now();
    let bytes = 0;
    let tail = '';
    const term = pty.spawn(file, args, { cols: 120, rows: 32, encoding: null });
    term.onData((data) => {
      bytes += data.length;
      tail = (tail + data.toString('latin1')).slice(-64);
    });
    term.onExit(() => {
      const seconds = (performance.now() - started) / 1000;
      resolve(bytes / 1e6 / seconds);
    });
  });
}

/** The same command in a daemon session, received by one WebSocket client. */
export async function throughputDaemon(daemon, megabytes) {
  const session = await api(daemon, 'POST', '/api/sessions', { command: ['sh', '-c', `read go; ${command(megabytes)[2]}; sleep 30`] });
  let bytes = 0;
  let tail = '';
  let done;
  const finished = new Promise((r) => (done = r));
  let ready;
  const attached = new Promise((r) => (ready = r));
  const ws = await connect(daemon, {
    onFrame: (frame) => {
      if (frame.kind === 'snapshot') return ready();
      bytes += frame.payload.length;
      tail = (tail + Buffer.from(frame.payload.subarray(-64)).toString('latin1')).slice(-64);
      if (tail.includes(MARKER)) done(performance.now());
    },
  });
  ws.send(JSON.stringify({ type: 'attach', session: session.id }));
  await attached;
  const started = performance.now();
  ws.send(JSON.stringify({ type: 'input', session: session.id, data: '\r' }));
  const ended = await finished;
  ws.close();
  await api(daemon, 'DELETE', `/api/sessions/${session.id}?force=true`);
  return bytes / 1e6 / ((ended - started) / 1000);
}
