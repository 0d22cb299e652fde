import { count, isoTime, isRecord, MarkerFinder, nonEmptyString, parseLine, shapeOf, type EntrySink, type LineParser, type LineVerdict } from './line-parser.js';

/** Claude Code writes this model on messages it made up itself (errors, interruptions): never billed. */
const SYNTHETIC_MODEL = '<synthetic>';

/**
 * Claude Code's project JSONL. `assistant` lines carry `message.usage`; one API message with several
 * content blocks is written as several lines sharing `message.id` and `requestId`, each with the usage
 * so far, so entries are keyed by both and the store keeps the largest counts. `tool_use` content
 * blocks feed the "top tools" figures.
 */
export class ClaudeTranscriptParser implements LineParser {
  // Inside a JSON string a quote is escaped, so `"usage"` only ever matches a key (or a value that is
  // exactly "usage"), and `"tool_use"` does not match `"tool_use_id"` of tool results.
  private readonly usageMarker = new MarkerFinder('"usage"');
  private readonly toolMarker = new MarkerFinder('"tool_use"');

  constructor(
    private readonly sink: EntrySink,
    private readonly now: () => string,
  ) {}

  refill(): void {
    this.usageMarker.refill();
    this.toolMarker.refill();
  }

  line(buf: Buffer, start: number, end: number): LineVerdict {
    const usage = this.usageMarker.within(buf, start, end);
    const tool = this.toolMarker.within(buf, start, end);
    const shape = shapeOf(buf, start, end);
    if (shape !== 'object') return shape === 'blank' ? 'ok' : 'malformed';
    if (!usage && !tool) return 'ok';
    const value = parseLine(buf, start, end);
    if (value === undefined) return 'malformed';
    if (isRecord(value) && value.type === 'assistant' && isRecord(value.message)) this.assistant(value, value.message);
    return 'ok';
  }

  state(): null {
    return null;
  }

  private assistant(line: Record<string, unknown>, message: Record<string, unknown>): void {
    const at = isoTime(line.timestamp, this.now());
    const usage = message.usage;
    const model = nonEmptyString(message.model) ?? 'unknown';
    const messageId = nonEmptyString(message.id) ?? nonEmptyString(line.uuid);
    if (isRecord(usage) && model !== SYNTHETIC_MODEL && messageId) {
      const entry = {
        messageId,
        requestId: nonEmptyString(line.requestId) ?? '',
        model,
        at,
        inputTokens: count(usage.input_tokens),
        outputTokens: count(usage.output_tokens),
        cacheCreationInputTokens: count(usage.cache_creation_input_tokens),
        cacheReadInputTokens: count(usage.cache_read_input_tokens),
      };
      if (entry.inputTokens + entry.outputTokens + entry.cacheCreationInputTokens + entry.cacheReadInputTokens > 0) this.sink.usage(entry);
    }
    if (Array.isArray(message.content)) {
      for (const block of message.content) {
        if (!isRecord(block) || block.type !== 'tool_use') continue;
        const id = nonEmptyString(block.id);
        const tool = nonEmptyString(block.name);
        if (id && tool) this.sink.tool({ id, tool, at });
      }
    }
  }
}
