import { open, type FileHandle } from 'node:fs/promises';
import { TRANSCRIPT_COMMIT_BYTES, TRANSCRIPT_COMMIT_ROWS, TRANSCRIPT_READ_CHUNK_BYTES } from '../constants.js';
import { ClaudeTranscriptParser } from './claude-transcript.js';
import { CodexRolloutParser } from './codex-rollout-parser.js';
import type { EntrySink, LineParser, ToolUseEntry, UsageEntry } from './line-parser.js';
import type { TranscriptProvider, UsageStore } from './usage-store.js';

export interface IngestRequest {
  sessionId: string | null;
  provider: TranscriptProvider;
  path: string;
}

export interface IngestResult {
  /** Complete lines consumed by this pass. */
  lines: number;
  /** API messages recorded for the first time. */
  messages: number;
  /** Lines that are not a JSON object (skipped). */
  malformed: number;
}

export const EMPTY_RESULT: IngestResult = { lines: 0, messages: 0, malformed: 0 };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Collects a batch's entries; a message written over several lines becomes one entry with the largest counts. */
class BatchSink implements EntrySink {
  private readonly entries = new Map<string, UsageEntry>();
  tools: ToolUseEntry[] = [];

  get size(): number {
    return this.entries.size + this.tools.length;
  }

  usage(entry: UsageEntry): void {
    const key = `${entry.messageId}\u0000${entry.requestId}`;
    const seen = this.entries.get(key);
    if (!seen) {
      this.entries.set(key, entry);
      return;
    }
    seen.inputTokens = Math.max(seen.inputTokens, entry.inputTokens);
    seen.outputTokens = Math.max(seen.outputTokens, entry.outputTokens);
    seen.cacheCreationInputTokens = Math.max(seen.cacheCreationInputTokens, entry.cacheCreationInputTokens);
    seen.cacheReadInputTokens = Math.max(seen.cacheReadInputTokens, entry.cacheReadInputTokens);
  }

  tool(entry: ToolUseEntry): void {
    this.tools.push(entry);
  }

  take(): { usage: UsageEntry[]; tools: ToolUseEntry[] } {
    const taken = { usage: [...this.entries.values()], tools: this.tools };
    this.entries.clear();
    this.tools = [];
    return taken;
  }
}

/**
 * Reads a transcript from its cursor to its end, committing rows and the cursor together every
 * TRANSCRIPT_COMMIT_BYTES. Only complete lines are consumed: a line still being written is read again
 * next time. A file shorter than the cursor, or whose byte before the cursor is not a line break, was
 * truncated or replaced and is read again from the start (the store's keys make that exact).
 */
export async function ingestPass(store: UsageStore, request: IngestRequest, stopped: () => boolean = () => false): Promise<IngestResult> {
  let handle: FileHandle;
  try {
    handle = await open(request.path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return { ...EMPTY_RESULT };
    throw error;
  }
  try {
    return await readFrom(handle, store, request, stopped);
  } finally {
    await handle.close();
  }
}

async function readFrom(handle: FileHandle, store: UsageStore, request: IngestRequest, stopped: () => boolean): Promise<IngestResult> {
  const sessionId = request.sessionId !== null && store.sessionExists(request.sessionId) ? request.sessionId : null;
  let { offset, state } = store.cursor(request.path);
  if (offset > 0 && !(await endsLineAt(handle, offset))) {
    offset = 0;
    state = null;
  }
  const sink = new BatchSink();
  const now = (): string => new Date().toISOString();
  const parser: LineParser =
    request.provider === 'claude' ? new ClaudeTranscriptParser(sink, now) : new CodexRolloutParser(sink, request.path, state, now);
  const result: IngestResult = { ...EMPTY_RESULT };
  let committed = offset;
  const commit = (): void => {
    const { usage, tools } = sink.take();
    result.messages += store.commit({ path: request.path, sessionId, provider: request.provider, offset, state: parser.state(), usage, tools });
    committed = offset;
  };

  let buffer = Buffer.allocUnsafe(TRANSCRIPT_READ_CHUNK_BYTES);
  let filled = 0;
  while (!stopped()) {
    // A line longer than the buffer: grow it so the line can complete.
    if (filled === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
    const view = buffer.subarray(0, filled);
    parser.refill();
    let position = 0;
    for (;;) {
      const newline = view.indexOf(NEWLINE, position);
      if (newline === -1) break;
      const end = newline > position && view[newline - 1] === CARRIAGE_RETURN ? newline - 1 : newline;
      result.lines++;
      if (parser.line(view, position, end, offset + position) === 'malformed') result.malformed++;
      position = newline + 1;
    }
    if (position > 0) {
      buffer.copy(buffer, 0, position, filled);
      filled -= position;
      offset += position;
    }
    if (offset - committed >= TRANSCRIPT_COMMIT_BYTES || sink.size >= TRANSCRIPT_COMMIT_ROWS) commit();
  }
  if (offset !== committed || sink.size > 0) commit();
  return result;
}

/** Whether the byte before `offset` is a line break, i.e. the file still holds what the cursor was taken on. */
async function endsLineAt(handle: FileHandle, offset: number): Promise<boolean> {
  const probe = Buffer.alloc(1);
  const { bytesRead } = await handle.read(probe, 0, 1, offset - 1);
  return bytesRead === 1 && probe[0] === NEWLINE;
}
