import { count, isoTime, isRecord, MarkerFinder, nonEmptyString, parseLine, shapeOf, type EntrySink, type LineParser, type LineVerdict } from './line-parser.js';

interface Cumulative {
  input: number;
  cached: number;
  output: number;
}

/** What a Codex rollout needs carried from one read to the next (stored with the cursor). */
interface CodexState {
  threadId?: string;
  model?: string;
  total?: Cumulative;
}

const TOOL_CALL_TYPES = new Set(['function_call', 'custom_tool_call']);

/**
 * A Codex rollout (`$CODEX_HOME/sessions/…/rollout-*.jsonl`): `{timestamp, type, payload}` lines.
 * `event_msg` lines of payload type `token_count` carry the thread's cumulative
 * `info.total_token_usage`; each increase over the last seen total becomes one entry, so repeated
 * identical events count once. OpenAI's input tokens include the cached ones and its output includes
 * reasoning. The model comes from `turn_context` (or `session_meta`) lines, tool calls from
 * `response_item` lines.
 */
export class CodexRolloutParser implements LineParser {
  private readonly markers = ['"token_count"', '"turn_context"', '"session_meta"', '"function_call"', '"custom_tool_call"'].map((m) => new MarkerFinder(m));
  private readonly current: CodexState;

  constructor(
    private readonly sink: EntrySink,
    private readonly path: string,
    state: string | null,
    private readonly now: () => string,
  ) {
    this.current = parseState(state);
  }

  refill(): void {
    for (const marker of this.markers) marker.refill();
  }

  line(buf: Buffer, start: number, end: number, offset: number): LineVerdict {
    let candidate = false;
    for (const marker of this.markers) if (marker.within(buf, start, end)) candidate = true;
    const shape = shapeOf(buf, start, end);
    if (shape !== 'object') return shape === 'blank' ? 'ok' : 'malformed';
    if (!candidate) return 'ok';
    const value = parseLine(buf, start, end);
    if (value === undefined) return 'malformed';
    if (isRecord(value) && isRecord(value.payload)) this.record(value, value.payload, offset);
    return 'ok';
  }

  state(): string {
    return JSON.stringify(this.current);
  }

  private record(line: Record<string, unknown>, payload: Record<string, unknown>, offset: number): void {
    switch (line.type) {
      case 'session_meta':
        this.current.threadId ??= nonEmptyString(payload.id);
        this.current.model ??= nonEmptyString(payload.model);
        return;
      case 'turn_context':
        this.current.model = nonEmptyString(payload.model) ?? this.current.model;
        return;
      case 'event_msg':
        if (payload.type === 'token_count' && isRecord(payload.info)) this.tokenCount(line, payload.info, offset);
        return;
      case 'response_item':
        if (typeof payload.type === 'string' && TOOL_CALL_TYPES.has(payload.type)) {
          const id = nonEmptyString(payload.call_id);
          const tool = nonEmptyString(payload.name);
          if (id && tool) this.sink.tool({ id, tool, at: isoTime(line.timestamp, this.now()) });
        }
        return;
    }
  }

  private tokenCount(line: Record<string, unknown>, info: Record<string, unknown>, offset: number): void {
    const total = info.total_token_usage;
    if (!isRecord(total)) return;
    const now: Cumulative = { input: count(total.input_tokens), cached: count(total.cached_input_tokens), output: count(total.output_tokens) };
    const before = this.current.total ?? { input: 0, cached: 0, output: 0 };
    // A total below the last one means the counter started over (a new thread in the same file): all of it is new.
    const restarted = now.input < before.input || now.cached < before.cached || now.output < before.output;
    const base = restarted ? { input: 0, cached: 0, output: 0 } : before;
    const cached = now.cached - base.cached;
    const input = now.input - base.input;
    const output = now.output - base.output;
    this.current.total = now;
    if (input === 0 && cached === 0 && output === 0) return;
    this.sink.usage({
      messageId: `${this.current.threadId ?? this.path}:${offset}`,
      requestId: '',
      model: this.current.model ?? 'unknown',
      at: isoTime(line.timestamp, this.now()),
      inputTokens: Math.max(0, input - cached),
      outputTokens: output,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: cached,
    });
  }
}

function parseState(text: string | null): CodexState {
  if (text === null) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (!isRecord(value)) return {};
    const state: CodexState = {};
    const threadId = nonEmptyString(value.threadId);
    const model = nonEmptyString(value.model);
    if (threadId) state.threadId = threadId;
    if (model) state.model = model;
    if (isRecord(value.total)) state.total = { input: count(value.total.input), cached: count(value.total.cached), output: count(value.total.output) };
    return state;
  } catch {
    return {};
  }
}
