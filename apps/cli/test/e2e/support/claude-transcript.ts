import { readFileSync } from 'node:fs';
import type { MockUsage } from './mock-anthropic.js';

export interface TranscriptUsage {
  totals: MockUsage;
  /** Assistant lines carrying usage (one per content block: several per API message). */
  assistantLines: number;
  /** Distinct API messages (message.id + requestId). */
  messages: number;
}

/**
 * Token usage from a Claude Code transcript, counted the way CodePiper must: the binary writes one line
 * per content block, each with the whole message's usage, so a message counts once per message.id +
 * requestId.
 */
export function transcriptUsage(path: string): TranscriptUsage {
  const totals: MockUsage = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const seen = new Set<string>();
  let assistantLines = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line);
    const usage = entry.type === 'assistant' ? entry.message?.usage : undefined;
    if (!usage) continue;
    assistantLines += 1;
    const key = `${String(entry.message.id)}:${String(entry.requestId)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    totals.input_tokens += usage.input_tokens ?? 0;
    totals.output_tokens += usage.output_tokens ?? 0;
    totals.cache_creation_input_tokens += usage.cache_creation_input_tokens ?? 0;
    totals.cache_read_input_tokens += usage.cache_read_input_tokens ?? 0;
  }
  return { totals, assistantLines, messages: seen.size };
}
