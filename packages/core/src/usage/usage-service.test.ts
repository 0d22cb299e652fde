import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageService } from './usage-service.js';
import { addSession, assistantLine, toolResultLine, toolUseBlock, usageFixture, type UsageFixture } from './test-support/transcript-fixtures.js';

let fx: UsageFixture;
let usage: UsageService;
let file: string;

beforeEach(() => {
  fx = usageFixture();
  addSession(fx, 'aaaa0001', 'api');
  usage = new UsageService({ database: fx.database, home: fx.home });
  file = join(fx.dir, 'transcript.jsonl');
});

afterEach(() => fx.close());

const ingest = () => usage.ingest({ sessionId: 'aaaa0001', provider: 'claude', path: file });
const totals = () => usage.report().totals;
const cursorOf = (path: string) => fx.database.sqlite.prepare('SELECT offset FROM transcript_cursors WHERE path = ?').get(path) as { offset: number } | undefined;

describe('UsageService.ingest (Claude transcripts)', () => {
  it('reads only what was appended since the last pass, and not a line still being written', async () => {
    writeFileSync(file, assistantLine({ id: 'm1', requestId: 'r1', usage: { input: 10, output: 5 } }));
    expect(await ingest()).toEqual({ lines: 1, messages: 1, malformed: 0 });

    const second = assistantLine({ id: 'm2', requestId: 'r2', usage: { input: 7, output: 3, cacheRead: 100 } });
    appendFileSync(file, second.slice(0, 40));
    expect(await ingest()).toEqual({ lines: 0, messages: 0, malformed: 0 });
    expect(totals()).toMatchObject({ inputTokens: 10, outputTokens: 5, messages: 1 });

    appendFileSync(file, second.slice(40));
    expect(await ingest()).toEqual({ lines: 1, messages: 1, malformed: 0 });
    expect(totals()).toMatchObject({ inputTokens: 17, outputTokens: 8, cacheReadInputTokens: 100, messages: 2 });
    expect(await ingest()).toEqual({ lines: 0, messages: 0, malformed: 0 });
  });

  it('counts a message written over several lines once, keeping its largest counts', async () => {
    const content = [toolUseBlock('toolu_1', 'Bash')];
    writeFileSync(file, assistantLine({ id: 'm1', requestId: 'r1', usage: { input: 3, output: 1, cacheWrite: 50, cacheRead: 900 } }));
    await ingest();
    appendFileSync(
      file,
      assistantLine({ id: 'm1', requestId: 'r1', usage: { input: 3, output: 40, cacheWrite: 50, cacheRead: 900 }, content }) +
        assistantLine({ id: 'm1', requestId: 'r1', usage: { input: 3, output: 40, cacheWrite: 50, cacheRead: 900 } }) +
        toolResultLine('toolu_1', 'the word "usage" in a result'),
    );
    expect(await ingest()).toEqual({ lines: 3, messages: 0, malformed: 0 });
    expect(totals()).toMatchObject({ inputTokens: 3, outputTokens: 40, cacheCreationInputTokens: 50, cacheReadInputTokens: 900, messages: 1 });
    // The same message id under another request id is another API call.
    appendFileSync(file, assistantLine({ id: 'm1', requestId: 'r2', usage: { input: 1, output: 1 } }));
    await ingest();
    expect(totals().messages).toBe(2);
  });

  it('records tool_use blocks once per id for the top-tools figures', async () => {
    writeFileSync(
      file,
      assistantLine({ id: 'm1', requestId: 'r1', usage: { output: 1 }, content: [toolUseBlock('toolu_1', 'Bash'), toolUseBlock('toolu_2', 'Read')] }) +
        assistantLine({ id: 'm2', requestId: 'r2', usage: { output: 1 }, content: [toolUseBlock('toolu_3', 'Bash')] }) +
        assistantLine({ id: 'm2', requestId: 'r2', usage: { output: 1 }, content: [toolUseBlock('toolu_3', 'Bash')] }),
    );
    await ingest();
    expect(usage.analytics().topTools).toEqual([
      { tool: 'Bash', count: 2 },
      { tool: 'Read', count: 1 },
    ]);
  });

  it('skips and counts malformed lines, and ignores synthetic and empty messages', async () => {
    writeFileSync(
      file,
      'not json at all\n' +
        '{"type":"assistant","message":{"usage":{"input_tokens":5}\n' +
        '\n' +
        assistantLine({ id: 'm0', model: '<synthetic>', usage: {} }) +
        assistantLine({ id: 'm1', requestId: 'r1', usage: {} }) +
        '{"type":"assistant","message":"no object","usage":1}\n' +
        assistantLine({ id: 'm2', requestId: 'r2', usage: { input: 4, output: 2 } }),
    );
    expect(await ingest()).toEqual({ lines: 7, messages: 1, malformed: 2 });
    expect(totals()).toMatchObject({ inputTokens: 4, outputTokens: 2, messages: 1 });
  });

  it('reads CRLF lines and a line larger than the read buffer', async () => {
    const huge = 'x'.repeat(3 * 1024 * 1024);
    writeFileSync(
      file,
      assistantLine({ id: 'm1', requestId: 'r1', usage: { input: 1 } }).replace('\n', '\r\n') +
        assistantLine({ id: 'm2', requestId: 'r2', usage: { output: 9 }, content: [{ type: 'tool_use', id: 'toolu_w', name: 'Write', input: { content: huge } }] }),
    );
    expect(await ingest()).toEqual({ lines: 2, messages: 2, malformed: 0 });
    expect(totals()).toMatchObject({ inputTokens: 1, outputTokens: 9 });
    expect(usage.analytics().topTools).toEqual([{ tool: 'Write', count: 1 }]);
  });

  it('writes nothing of a batch, cursor included, when its transaction fails; the next pass is exact', async () => {
    writeFileSync(
      file,
      assistantLine({ id: 'm1', requestId: 'r1', usage: { input: 10, output: 1 }, content: [toolUseBlock('toolu_1', 'Bash')] }) +
        assistantLine({ id: 'm2', requestId: 'r2', usage: { input: 20, output: 2 } }),
    );
    // The cursor is written last in the transaction: failing there proves the rows went with it.
    fx.database.sqlite.exec("CREATE TRIGGER fail_cursor BEFORE INSERT ON transcript_cursors BEGIN SELECT RAISE(ABORT, 'disk gone'); END");
    await expect(ingest()).rejects.toThrow('disk gone');
    const count = (table: string) => (fx.database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count('usage_messages'), count('tool_uses'), count('transcript_cursors')]).toEqual([0, 0, 0]);

    fx.database.sqlite.exec('DROP TRIGGER fail_cursor');
    expect(await ingest()).toEqual({ lines: 2, messages: 2, malformed: 0 });
    expect(await ingest()).toEqual({ lines: 0, messages: 0, malformed: 0 });
    expect(totals()).toMatchObject({ inputTokens: 30, outputTokens: 3, messages: 2 });
    expect(count('tool_uses')).toBe(1);
  });

  it('starts over on a truncated or replaced file without counting anything twice', async () => {
    const m1 = assistantLine({ id: 'm1', requestId: 'r1', usage: { input: 10 } });
    const m2 = assistantLine({ id: 'm2', requestId: 'r2', usage: { input: 20 } });
    writeFileSync(file, m1 + m2);
    await ingest();
    writeFileSync(file, m1);
    expect(await ingest()).toEqual({ lines: 1, messages: 0, malformed: 0 });
    expect(cursorOf(file)?.offset).toBe(Buffer.byteLength(m1));

    // Replaced by a longer file: the byte before the cursor is no longer a line break.
    const m3 = assistantLine({ id: 'm3', requestId: 'r3', usage: { input: 5 } });
    writeFileSync(file, ` ${m2}${m3}`);
    expect(await ingest()).toEqual({ lines: 2, messages: 1, malformed: 0 });
    expect(totals()).toMatchObject({ inputTokens: 35, messages: 3 });
  });

  it('reads a missing file as empty and picks it up once it exists', async () => {
    expect(await ingest()).toEqual({ lines: 0, messages: 0, malformed: 0 });
    expect(cursorOf(file)).toBeUndefined();
    writeFileSync(file, assistantLine({ id: 'm1', requestId: 'r1', usage: { input: 1 } }));
    expect(await ingest()).toMatchObject({ messages: 1 });
  });

  it('runs one pass at a time per file: callers during a pass share the one pass queued after it', async () => {
    writeFileSync(file, assistantLine({ id: 'm1', requestId: 'r1', usage: { input: 1 } }));
    const first = ingest();
    appendFileSync(file, assistantLine({ id: 'm2', requestId: 'r2', usage: { input: 2 } }));
    const second = ingest();
    const third = usage.ingest({ sessionId: 'aaaa0001', provider: 'claude', path: join(fx.dir, '.', 'transcript.jsonl') });
    expect(third).toBe(second);
    expect(first).not.toBe(second);
    const results = await Promise.all([first, second]);
    expect(results.reduce((sum, r) => sum + r.messages, 0)).toBe(2);
    expect(totals()).toMatchObject({ inputTokens: 3, messages: 2 });
    // Once idle, a call starts a fresh pass.
    const fourth = ingest();
    expect(fourth).not.toBe(second);
    expect(await fourth).toEqual({ lines: 0, messages: 0, malformed: 0 });
  });

  it('attributes rows to the session, and to none when the session is unknown', async () => {
    writeFileSync(file, assistantLine({ id: 'm1', requestId: 'r1', usage: { input: 1 } }));
    const other = join(fx.dir, 'other.jsonl');
    writeFileSync(other, assistantLine({ id: 'm2', requestId: 'r2', usage: { input: 2 } }));
    await ingest();
    await usage.ingest({ sessionId: 'ffff9999', provider: 'claude', path: other });
    expect(usage.report({ sessionId: 'aaaa0001' }).totals.inputTokens).toBe(1);
    expect(usage.report({ by: 'session' }).rows.map((r) => [r.key, r.label, r.inputTokens])).toEqual([
      ['-', null, 2],
      ['aaaa0001', 'api', 1],
    ]);
  });

  it('stops reading when closed, so the database can be closed under no pass', async () => {
    writeFileSync(file, assistantLine({ id: 'm1', requestId: 'r1', usage: { input: 1 } }).repeat(5));
    const pass = ingest();
    await usage.close();
    expect(await pass).toEqual({ lines: 0, messages: 0, malformed: 0 });
    expect(await ingest()).toEqual({ lines: 0, messages: 0, malformed: 0 });
    expect(cursorOf(file)).toBeUndefined();
  });
});
