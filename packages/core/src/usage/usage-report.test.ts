import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../errors.js';
import { UsageService } from './usage-service.js';
import { addSession, assistantLine, toolUseBlock, usageFixture, type UsageFixture } from './test-support/transcript-fixtures.js';

let fx: UsageFixture;

beforeEach(() => {
  fx = usageFixture();
  addSession(fx, 'aaaa0001', 'api');
  addSession(fx, 'bbbb0002', 'web');
});

afterEach(() => fx.close());

/** Two sessions over two days and three models, one of them without a price. */
async function seeded(): Promise<UsageService> {
  const usage = new UsageService({ database: fx.database, home: fx.home });
  const a = join(fx.dir, 'a.jsonl');
  const b = join(fx.dir, 'b.jsonl');
  writeFileSync(
    a,
    assistantLine({ id: 'a1', requestId: 'r', at: '2026-11-19T23:59:59.000+00:00', usage: { input: 1000, output: 100, cacheWrite: 2000, cacheRead: 7000 }, content: [toolUseBlock('t1', 'Bash')] }) +
      assistantLine({ id: 'a2', requestId: 'r', at: '2026-11-20T08:00:00.000Z', model: 'claude-haiku-4-5-20251001', usage: { input: 500, output: 50 }, content: [toolUseBlock('t2', 'Bash')] }),
  );
  writeFileSync(
    b,
    assistantLine({ id: 'b1', requestId: 'r', at: '2026-11-20T09:00:00.000Z', model: 'mystery-model', usage: { input: 300, output: 30 }, content: [toolUseBlock('t3', 'Read')] }) +
      assistantLine({ id: 'b2', requestId: 'r', at: '2026-11-20T10:00:00.000Z', usage: { input: 200, output: 20 } }),
  );
  await usage.ingest({ sessionId: 'aaaa0001', provider: 'claude', path: a });
  await usage.ingest({ sessionId: 'bbbb0002', provider: 'claude', path: b });
  return usage;
}

const sonnet = (input: number, output: number, write = 0, read = 0) => (input * 3 + output * 15 + write * 3.75 + read * 0.3) / 1e6;
const haiku = (input: number, output: number) => (input * 1 + output * 5) / 1e6;

describe('UsageService reports', () => {
  it('totals every message, pricing known models and listing the others', async () => {
    const report = (await seeded()).report();
    expect(report).toMatchObject({ since: null, by: null, rows: [] });
    expect(report.totals).toMatchObject({ inputTokens: 2000, outputTokens: 200, cacheCreationInputTokens: 2000, cacheReadInputTokens: 7000, messages: 4, unpricedModels: ['mystery-model'] });
    expect(report.totals.costUsd).toBeCloseTo(sonnet(1000, 100, 2000, 7000) + haiku(500, 50) + sonnet(200, 20), 12);
  });

  it('groups by UTC day, by model and by session', async () => {
    const usage = await seeded();
    expect(usage.report({ by: 'day' }).rows.map((r) => [r.key, r.messages])).toEqual([
      ['2026-11-19', 1],
      ['2026-11-20', 3],
    ]);
    const models = usage.report({ by: 'model' }).rows;
    expect(models.map((r) => [r.key, r.costUsd === null ? null : Number(r.costUsd.toFixed(6))])).toEqual([
      ['claude-sonnet-4-5-20250929', Number((sonnet(1000, 100, 2000, 7000) + sonnet(200, 20)).toFixed(6))],
      ['claude-haiku-4-5-20251001', Number(haiku(500, 50).toFixed(6))],
      ['mystery-model', null],
    ]);
    expect(models.at(-1)?.unpricedModels).toEqual(['mystery-model']);
    const sessions = usage.report({ by: 'session' }).rows;
    expect(sessions.map((r) => [r.key, r.label, r.messages, r.unpricedModels])).toEqual([
      ['aaaa0001', 'api', 2, []],
      ['bbbb0002', 'web', 2, ['mystery-model']],
    ]);
    expect(sessions[1]?.costUsd).toBeCloseTo(sonnet(200, 20), 12);
  });

  it('filters by session and by time', async () => {
    const usage = await seeded();
    expect(usage.report({ sessionId: 'bbbb0002' }).totals).toMatchObject({ inputTokens: 500, messages: 2 });
    const since = new Date('2026-11-20T08:30:00.000Z');
    const report = usage.report({ since, by: 'session' });
    expect(report.since).toBe('2026-11-20T08:30:00.000Z');
    expect(report.totals).toMatchObject({ inputTokens: 500, messages: 2 });
    expect(report.rows.map((r) => r.key)).toEqual(['bbbb0002']);
  });

  it('reports nothing used as zero cost, not unknown', async () => {
    const usage = new UsageService({ database: fx.database, home: fx.home });
    expect(usage.report({ by: 'day' })).toEqual({
      since: null,
      by: 'day',
      totals: { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0, costUsd: 0, messages: 0, unpricedModels: [] },
      rows: [],
    });
    expect(usage.analytics()).toMatchObject({ daily: [], cacheHitRate: null, topTools: [], topSessions: [] });
  });

  it('builds the analytics: daily rows per model, cache-hit rate, top tools and the most expensive sessions', async () => {
    const analytics = (await seeded()).analytics();
    expect(analytics.daily.map((d) => [d.day, d.model, d.messages])).toEqual([
      ['2026-11-19', 'claude-sonnet-4-5-20250929', 1],
      ['2026-11-20', 'claude-haiku-4-5-20251001', 1],
      ['2026-11-20', 'claude-sonnet-4-5-20250929', 1],
      ['2026-11-20', 'mystery-model', 1],
    ]);
    expect(analytics.daily[3]?.costUsd).toBeNull();
    expect(analytics.cacheHitRate).toBeCloseTo(7000 / (2000 + 2000 + 7000), 12);
    expect(analytics.topTools).toEqual([
      { tool: 'Bash', count: 2 },
      { tool: 'Read', count: 1 },
    ]);
    expect(analytics.topSessions.map((s) => [s.key, s.label])).toEqual([
      ['aaaa0001', 'api'],
      ['bbbb0002', 'web'],
    ]);
  });

  it('uses the owner\'s prices from config.json, and refuses an invalid one', async () => {
    writeFileSync(join(fx.home, 'config.json'), JSON.stringify({ prices: { 'mystery-*': { input: 1, output: 1, cacheWrite: 1, cacheRead: 1 } } }));
    const report = (await seeded()).report();
    expect(report.totals.unpricedModels).toEqual([]);
    expect(report.totals.costUsd).toBeCloseTo(sonnet(1000, 100, 2000, 7000) + haiku(500, 50) + sonnet(200, 20) + 330 / 1e6, 12);

    writeFileSync(join(fx.home, 'config.json'), JSON.stringify({ prices: { x: { input: 'cheap' } } }));
    expect(() => new UsageService({ database: fx.database, home: fx.home })).toThrow(CoreError);
  });
});
