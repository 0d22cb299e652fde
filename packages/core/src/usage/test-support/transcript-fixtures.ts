import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, SessionRepository, type CodePiperDatabase } from '../../storage/index.js';

export interface UsageFixture {
  dir: string;
  home: string;
  database: CodePiperDatabase;
  sessions: SessionRepository;
  close(): void;
}

/** A temp dir with a fresh database, and sessions `s1`… created on demand. */
export function usageFixture(): UsageFixture {
  const dir = mkdtempSync(join(tmpdir(), 'codepiper-usage-'));
  const database = openDatabase(join(dir, 'codepiper.db'));
  return {
    dir,
    home: dir,
    database,
    sessions: new SessionRepository(database),
    close: () => {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function addSession(fixture: UsageFixture, id: string, name: string): void {
  fixture.sessions.insert({ id, name, command: ['claude'], cwd: '/tmp', cols: 80, rows: 24 });
}

export interface Usage {
  input?: number;
  output?: number;
  cacheWrite?: number;
  cacheRead?: number;
}

/** One line of a Claude Code transcript for an assistant message (one content block per line). */
export function assistantLine(options: {
  id: string;
  requestId?: string;
  model?: string;
  at?: string;
  usage?: Usage;
  content?: unknown[];
}): string {
  const usage = options.usage ?? {};
  return `${JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    type: 'assistant',
    message: {
      id: options.id,
      type: 'message',
      role: 'assistant',
      model: options.model ?? 'claude-sonnet-4-5-20250929',
      content: options.content ?? [{ type: 'text', text: 'done' }],
      usage: {
        input_tokens: usage.input ?? 0,
        output_tokens: usage.output ?? 0,
        cache_creation_input_tokens: usage.cacheWrite ?? 0,
        cache_read_input_tokens: usage.cacheRead ?? 0,
      },
    },
    ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
    uuid: `${options.id}-${options.requestId ?? 'none'}-uuid`,
    timestamp: options.at ?? '2026-11-20T10:00:00.000Z',
  })}\n`;
}

export function toolUseBlock(id: string, name: string): unknown {
  return { type: 'tool_use', id, name, input: { command: 'ls' } };
}

/** A user line carrying a tool result; `"usage"` inside the result text must not make it count. */
export function toolResultLine(toolUseId: string, output: string): string {
  return `${JSON.stringify({
    type: 'user',
    message: { role: 'user', content: [{ tool_use_id: toolUseId, type: 'tool_result', content: output }] },
    toolUseResult: { stdout: output, stderr: '' },
    timestamp: '2026-11-20T10:00:01.000Z',
  })}\n`;
}

/** Codex rollout lines. */
export const codex = {
  sessionMeta: (threadId: string): string =>
    `${JSON.stringify({ timestamp: '2026-11-20T09:00:00.000Z', type: 'session_meta', payload: { id: threadId, cwd: '/tmp', originator: 'codex_cli_rs', cli_version: '0.169.0' } })}\n`,
  turnContext: (model: string): string =>
    `${JSON.stringify({ timestamp: '2026-11-20T09:00:01.000Z', type: 'turn_context', payload: { cwd: '/tmp', approval_policy: 'on-request', model } })}\n`,
  tokenCount: (total: { input: number; cached: number; output: number; reasoning?: number } | null, at = '2026-11-20T09:00:02.000Z'): string =>
    `${JSON.stringify({
      timestamp: at,
      type: 'event_msg',
      payload: {
        type: 'token_count',
        info:
          total === null
            ? null
            : {
                total_token_usage: {
                  input_tokens: total.input,
                  cached_input_tokens: total.cached,
                  output_tokens: total.output,
                  reasoning_output_tokens: total.reasoning ?? 0,
                  total_tokens: total.input + total.output,
                },
                last_token_usage: { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 },
                model_context_window: 272000,
              },
        rate_limits: null,
      },
    })}\n`,
  functionCall: (callId: string, name: string): string =>
    `${JSON.stringify({ timestamp: '2026-11-20T09:00:03.000Z', type: 'response_item', payload: { type: 'function_call', name, arguments: '{"cmd":"ls"}', call_id: callId } })}\n`,
};
