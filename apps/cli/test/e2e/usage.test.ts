import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UsageReport } from '@codepiper/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The CLI does not depend on core; the test seeds the daemon's database with core's built storage,
// as a session the hooks recorded a transcript for would be stored.
import { openDatabase, SessionRepository } from '../../../../packages/core/dist/index.js';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { runCli, stderrLines } from './support/run-cli.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';

function assistant(id: string, usage: { input: number; output: number; cacheRead?: number }, content: unknown[] = []): string {
  return `${JSON.stringify({
    type: 'assistant',
    requestId: `req_${id}`,
    timestamp: '2026-11-20T10:00:00.000Z',
    message: {
      id,
      model: 'claude-sonnet-4-5-20250929',
      content,
      usage: { input_tokens: usage.input, output_tokens: usage.output, cache_creation_input_tokens: 0, cache_read_input_tokens: usage.cacheRead ?? 0 },
    },
  })}\n`;
}

describe('codepiper usage', () => {
  let home: string;
  let transcript: string;
  let daemon: DaemonProcess | undefined;
  const cli = (args: string[]) => runCli(args, { home });
  const json = async (args: string[]): Promise<UsageReport> => {
    const result = await cli(['usage', ...args, '--json']);
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as UsageReport;
  };

  beforeAll(async () => {
    home = makeTempDir();
    transcript = join(home, 'transcript.jsonl');
    const database = openDatabase(join(home, 'codepiper.db'));
    new SessionRepository(database).insert({
      id: 'ab12cd34',
      name: 'agent',
      command: ['claude'],
      cwd: home,
      cols: 80,
      rows: 24,
      status: 'exited',
      exitCode: 0,
      endedAt: '2026-11-20T11:00:00.000Z',
      provider: 'claude',
      transcriptPath: transcript,
    });
    database.close();
    // One API message written over two lines (text, then tool_use), each with the full usage.
    writeFileSync(
      transcript,
      assistant('msg_1', { input: 100, output: 50, cacheRead: 1000 }, [{ type: 'text', text: 'hi' }]) +
        assistant('msg_1', { input: 100, output: 50, cacheRead: 1000 }, [{ type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} }]),
    );
    daemon = await startDaemonProcess(home);
  });

  afterAll(async () => {
    await daemon?.stop();
    removeTempDir(home);
  });

  it('reports the tokens and cost read from the session transcript, each message once', async () => {
    const report = await json([]);
    expect(report.totals).toEqual({
      inputTokens: 100,
      outputTokens: 50,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 1000,
      costUsd: expect.closeTo((100 * 3 + 50 * 15 + 1000 * 0.3) / 1e6, 12),
      messages: 1,
      unpricedModels: [],
    });
    expect(report).toMatchObject({ since: null, by: null, rows: [] });
  });

  it('catches up on what the transcript gained since, without any hook', async () => {
    appendFileSync(transcript, assistant('msg_2', { input: 10, output: 5 }));
    const report = await json(['--session', 'agent', '--by', 'model']);
    expect(report.totals).toMatchObject({ inputTokens: 110, outputTokens: 55, messages: 2 });
    expect(report.rows.map((r) => [r.key, r.messages])).toEqual([['claude-sonnet-4-5-20250929', 2]]);
  });

  it('prints a table per session with the cost', async () => {
    const result = await cli(['usage', '--by', 'session', '--since', '2026-11-01']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^total since 2026-11-01T00:00:00\.000Z: 1,165 tokens .* in 2 messages, cost <\$0\.01$/);
    expect(lines[2]).toMatch(/^SESSION\s+INPUT\s+OUTPUT\s+CACHE WRITE\s+CACHE READ\s+MESSAGES\s+COST$/);
    expect(lines[3]).toMatch(/^ab12cd34 agent\s+110\s+55\s+0\s+1,000\s+2\s+<\$0\.01$/);
    expect((await json(['--since', '1h'])).totals.messages).toBe(0);
  });

  it('refuses a bad --since as a usage error and an unknown session as not found', async () => {
    const bad = await cli(['usage', '--since', 'last week']);
    expect(bad.code).toBe(2);
    expect(stderrLines(bad)[0]).toMatch(/--since takes a duration like 7d/);
    const missing = await cli(['usage', '--session', 'nope']);
    expect(missing.code).toBe(1);
    expect(stderrLines(missing)[0]).toMatch(/^codepiper: .*nope/);
  });

  it('keeps a daemon from starting with an invalid price in config.json, naming the field', async () => {
    const other = makeTempDir();
    try {
      writeFileSync(join(other, 'config.json'), JSON.stringify({ prices: { 'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 'cheap' } } }));
      const result = await runCli(['daemon', '--port', '0', '--ws-port', '0'], { home: other });
      expect(result.code).toBe(1);
      expect(stderrLines(result).join('\n')).toMatch(/config\.json is invalid: prices\["claude-sonnet-4-5"\]\.cacheRead: expected a number/);
    } finally {
      removeTempDir(other);
    }
  });
});
