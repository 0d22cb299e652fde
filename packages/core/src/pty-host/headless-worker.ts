/**
 * The headless-terminal worker: one per pty host, one @xterm/headless Terminal per session that has
 * produced output. It parses off the streaming path and serializes screens for snapshots.
 *
 * Offsets: every write carries the stream offset of its end; the terminal's parsed offset is the end
 * of the last write whose parse finished (xterm parses whole writes between its time slices, so the
 * screen is always exactly "as of" that offset when a message is handled).
 */
import { parentPort } from 'node:worker_threads';
import xtermHeadless from '@xterm/headless';
import serializeAddon from '@xterm/addon-serialize';
import { HEADLESS_SCROLLBACK } from '../constants.js';
import type { FromWorker, ToWorker } from './headless-protocol.js';

const { Terminal } = xtermHeadless;
const { SerializeAddon } = serializeAddon;

interface Entry {
  term: InstanceType<typeof Terminal>;
  serializer: InstanceType<typeof SerializeAddon>;
  gen: number;
  parsed: number;
  /** Stream offset after the last write received (parsed once `parsed` reaches it). */
  written: number;
  /** Snapshots asked for while writes were still being parsed: answered once those (up to `until`) are. */
  waiting: Array<{ req: number; scrollback: number; until: number }>;
}

const port = parentPort;
if (!port) throw new Error('headless-worker must run in a worker thread');

const terms = new Map<string, Entry>();
const progress = new Map<string, [number, number]>();
let progressScheduled = false;

function post(msg: FromWorker): void {
  port!.postMessage(msg);
}

function reportProgress(): void {
  progressScheduled = false;
  if (progress.size === 0) return;
  const updates: Array<[string, number, number]> = [];
  for (const [id, [gen, offset]] of progress) updates.push([id, gen, offset]);
  progress.clear();
  post({ t: 'progress', updates });
}

/**
 * Serializes the screen for each waiting snapshot request. xterm parses writes in later turns
 * (setTimeout), so a snapshot asked for right behind a write waits for it: the screen then includes
 * everything posted before the request, and the raw `pending` bytes the host adds stay few.
 */
function answer(id: string, entry: Entry, all = false): void {
  const ready = all ? entry.waiting : entry.waiting.filter((w) => w.until <= entry.parsed);
  if (ready.length === 0) return;
  entry.waiting = all ? [] : entry.waiting.filter((w) => w.until > entry.parsed);
  for (const { req, scrollback } of ready) {
    try {
      const data = entry.serializer.serialize({ scrollback });
      post({ t: 'snapshot', req, id, gen: entry.gen, offset: entry.parsed, data });
    } catch (err) {
      post({ t: 'snapshot-error', req, id, error: String((err as Error)?.message ?? err) });
    }
  }
}

/** Drops a terminal; snapshots waiting on it are answered as it is (the host sees the stale gen and asks again). */
function dispose(id: string): void {
  const entry = terms.get(id);
  if (!entry) return;
  try {
    answer(id, entry, true);
  } finally {
    entry.term.dispose();
    terms.delete(id);
  }
}

function open(id: string, gen: number, cols: number, rows: number, start: number): Entry {
  dispose(id);
  const term = new Terminal({ cols, rows, scrollback: HEADLESS_SCROLLBACK, allowProposedApi: true });
  const serializer = new SerializeAddon();
  term.loadAddon(serializer);
  const entry: Entry = { term, serializer, gen, parsed: start, written: start, waiting: [] };
  terms.set(id, entry);
  return entry;
}

port.on('message', (msg: ToWorker) => handle(msg));

function handle(msg: ToWorker): void {
  try {
    switch (msg.t) {
      case 'batch':
        for (const m of msg.messages) handle(m);
        break;
      case 'open':
        open(msg.id, msg.gen, msg.cols, msg.rows, msg.start);
        break;
      case 'write': {
        const entry = terms.get(msg.id);
        if (!entry) break;
        const end = msg.end;
        entry.written = end;
        entry.term.write(msg.data, () => {
          // A disposed (reset) terminal's callbacks never run; a replaced entry must not report.
          if (terms.get(msg.id) !== entry) return;
          entry.parsed = end;
          if (entry.waiting.length > 0) answer(msg.id, entry);
          progress.set(msg.id, [entry.gen, end]);
          if (!progressScheduled) {
            progressScheduled = true;
            setImmediate(reportProgress);
          }
        });
        break;
      }
      case 'resize':
        terms.get(msg.id)?.term.resize(msg.cols, msg.rows);
        break;
      case 'snapshot': {
        const entry = terms.get(msg.id);
        if (!entry) {
          post({ t: 'snapshot', req: msg.req, id: msg.id, gen: -1, offset: 0, data: '' });
          break;
        }
        entry.waiting.push({ req: msg.req, scrollback: msg.scrollback, until: entry.written });
        answer(msg.id, entry);
        break;
      }
      case 'close':
        dispose(msg.id);
        progress.delete(msg.id);
        break;
    }
  } catch (err) {
    if (msg.t === 'snapshot') post({ t: 'snapshot-error', req: msg.req, id: msg.id, error: String((err as Error)?.message ?? err) });
    else console.error(`pty-host headless worker: ${msg.t} ${'id' in msg ? msg.id : ''}: ${(err as Error)?.stack ?? err}`);
  }
}
