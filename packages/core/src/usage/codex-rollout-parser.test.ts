import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageService } from './usage-service.js';
import { addSession, codex, usageFixture, type UsageFixture } from './test-support/transcript-fixtures.js';

let fx: UsageFixture;
let usage: UsageService;
let file: string;

beforeEach(() => {
  fx = usageFixture();
  addSession(fx, 'cccc0001', 'codex-1');
  usage = new UsageService({ database: fx.database, home: fx.home });
  file = join(fx.dir, 'rollout-2026-11-20T09-00-00-thread-1.jsonl');
});

afterEach(() => fx.close());

const ingest = () => usage.ingest({ sessionId: 'cccc0001', provider: 'codex', path: file });
const messageIds = () => (fx.database.sqlite.prepare('SELECT message_id FROM usage_messages ORDER BY id').all() as Array<{ message_id: string }>).map((r) => r.message_id);

describe('CodexRolloutParser', () => {
  it('turns each increase of the cumulative token count into one message, counting repeats once', async () => {
    writeFileSync(
      file,
      codex.sessionMeta('thread-1') +
        codex.turnContext('gpt-5-codex') +
        codex.tokenCount(null) +
        codex.tokenCount({ input: 1000, cached: 600, output: 200, reasoning: 120 }) +
        codex.tokenCount({ input: 1000, cached: 600, output: 200, reasoning: 120 }) +
        codex.functionCall('call_1', 'exec_command') +
        codex.tokenCount({ input: 2500, cached: 1800, output: 260 }, '2026-11-21T09:00:00.000Z'),
    );
    expect(await ingest()).toEqual({ lines: 7, messages: 2, malformed: 0 });
    const report = usage.report({ by: 'day' });
    // input excludes the cached part; reasoning is already inside output.
    expect(report.totals).toMatchObject({ inputTokens: 700, cacheReadInputTokens: 1800, outputTokens: 260, cacheCreationInputTokens: 0, messages: 2 });
    expect(report.rows.map((r) => [r.key, r.inputTokens, r.cacheReadInputTokens, r.outputTokens])).toEqual([
      ['2026-11-20', 400, 600, 200],
      ['2026-11-21', 300, 1200, 60],
    ]);
    expect(usage.report({ by: 'model' }).rows.map((r) => r.key)).toEqual(['gpt-5-codex']);
    expect(messageIds().every((id) => id.startsWith('thread-1:'))).toBe(true);
    expect(usage.analytics().topTools).toEqual([{ tool: 'exec_command', count: 1 }]);
    // 1.25 / 10 / 0.125 USD per million tokens.
    expect(report.totals.costUsd).toBeCloseTo((700 * 1.25 + 260 * 10 + 1800 * 0.125) / 1e6, 12);
  });

  it('carries the last total and the model across passes', async () => {
    writeFileSync(file, codex.sessionMeta('thread-1') + codex.turnContext('gpt-5') + codex.tokenCount({ input: 100, cached: 0, output: 10 }));
    await ingest();
    appendFileSync(file, codex.tokenCount({ input: 100, cached: 0, output: 10 }) + codex.tokenCount({ input: 250, cached: 100, output: 30 }));
    expect(await ingest()).toEqual({ lines: 2, messages: 1, malformed: 0 });
    expect(usage.report({ by: 'model' }).rows.map((r) => [r.key, r.inputTokens, r.cacheReadInputTokens, r.outputTokens])).toEqual([['gpt-5', 150, 100, 30]]);
  });

  it('re-reads a replaced rollout from the start with fresh state and no double counting', async () => {
    const head = codex.sessionMeta('thread-1') + codex.turnContext('gpt-5') + codex.tokenCount({ input: 100, cached: 0, output: 10 });
    writeFileSync(file, head + codex.tokenCount({ input: 300, cached: 0, output: 20 }));
    await ingest();
    writeFileSync(file, head);
    expect(await ingest()).toEqual({ lines: 3, messages: 0, malformed: 0 });
    appendFileSync(file, codex.tokenCount({ input: 300, cached: 0, output: 20 }));
    await ingest();
    expect(usage.report().totals).toMatchObject({ inputTokens: 300, outputTokens: 20, messages: 2 });
  });

  it('names a model it has not seen yet "unknown" and keys messages by path without a session_meta', async () => {
    writeFileSync(file, codex.tokenCount({ input: 10, cached: 0, output: 1 }));
    await ingest();
    expect(usage.report().totals).toMatchObject({ costUsd: null, unpricedModels: ['unknown'] });
    expect(messageIds()).toEqual([`${file}:0`]);
  });
});
