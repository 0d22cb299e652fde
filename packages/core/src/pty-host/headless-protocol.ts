/**
 * Messages between the host's main thread and its headless-terminal worker. `gen` numbers each
 * (re)creation of a session's terminal, so that progress and snapshots from a terminal that has
 * since been reset are recognised and ignored.
 */

export type ToWorker =
  /** Create (or recreate, dropping any old one) the terminal of `id`, at stream offset `start`. */
  | { t: 'open'; id: string; gen: number; cols: number; rows: number; start: number }
  /** Bytes [end - data.length, end) of the stream. */
  | { t: 'write'; id: string; end: number; data: Uint8Array }
  | { t: 'resize'; id: string; cols: number; rows: number }
  /** Serialize the screen as it is, reply with the offset it is valid at. */
  | { t: 'snapshot'; id: string; req: number; scrollback: number }
  | { t: 'close'; id: string }
  /** Several of the above, handled in order (output of many sessions in one message). */
  | { t: 'batch'; messages: ToWorker[] };

export type FromWorker =
  /** Parsed-offset progress: [id, gen, offset], batched per worker event-loop turn. */
  | { t: 'progress'; updates: Array<[string, number, number]> }
  /** `gen` -1: no terminal for that id. */
  | { t: 'snapshot'; req: number; id: string; gen: number; offset: number; data: string }
  | { t: 'snapshot-error'; req: number; id: string; error: string };
