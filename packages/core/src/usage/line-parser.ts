/** One API message's usage as read from a transcript, before it is stored. */
export interface UsageEntry {
  messageId: string;
  /** Empty when the provider has none. */
  requestId: string;
  model: string;
  /** ISO 8601, UTC. */
  at: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
}

export interface ToolUseEntry {
  id: string;
  tool: string;
  at: string;
}

/** Where parsers put what they find; the ingest pass commits it with the cursor. */
export interface EntrySink {
  usage(entry: UsageEntry): void;
  tool(entry: ToolUseEntry): void;
}

export type LineVerdict = 'ok' | 'malformed';

/**
 * Reads one provider's transcript lines. Lines are handed over as byte ranges of the read buffer so a
 * parser can reject most of them without decoding: only lines that may carry usage are parsed.
 */
export interface LineParser {
  /** The buffer's content changed (a new read): forget positions remembered in it. */
  refill(): void;
  /** A complete line `buf[start, end)` (no line break), starting at byte `offset` of the file. */
  line(buf: Buffer, start: number, end: number, offset: number): LineVerdict;
  /** The carry-over to store with the cursor (JSON), null when the provider needs none. */
  state(): string | null;
}

/**
 * Finds a marker such as `"usage"` in the lines of one buffer. Searching once from a line's start to
 * the next occurrence anywhere in the buffer answers every line before that occurrence for free, so a
 * buffer of lines without the marker costs one scan of the buffer, not one per line.
 */
export class MarkerFinder {
  private readonly marker: Buffer;
  /** Position of the next occurrence at or after the last asked start; -1 none left, -2 unknown. */
  private next = -2;

  constructor(marker: string) {
    this.marker = Buffer.from(marker, 'utf8');
  }

  refill(): void {
    this.next = -2;
  }

  within(buf: Buffer, start: number, end: number): boolean {
    if (this.next === -1) return false;
    if (this.next < start) {
      this.next = buf.indexOf(this.marker, start);
      if (this.next === -1) return false;
    }
    return this.next + this.marker.length <= end;
  }
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Every transcript line is one JSON object: a line that cannot be one is malformed, checked without parsing. */
export function shapeOf(buf: Buffer, start: number, end: number): 'blank' | 'object' | 'malformed' {
  let first = start;
  let last = end - 1;
  while (first <= last && isSpace(buf[first]!)) first++;
  while (last >= first && isSpace(buf[last]!)) last--;
  if (first > last) return 'blank';
  return buf[first] === OPEN_BRACE && buf[last] === CLOSE_BRACE ? 'object' : 'malformed';
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d;
}

/** Parses a line known to be worth it; undefined when it is not valid JSON. */
export function parseLine(buf: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(buf.toString('utf8', start, end));
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A token count as stored: a non-negative integer, 0 for anything else. */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A line's timestamp normalised to `toISOString()` form (so text comparison orders it), else `fallback`. */
export function isoTime(value: unknown, fallback: string): string {
  if (typeof value !== 'string') return fallback;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? fallback : new Date(ms).toISOString();
}
