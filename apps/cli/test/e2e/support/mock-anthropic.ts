import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The four usage figures the Messages API reports, named as on the wire. */
export interface MockUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export type MockContentBlock = { type: 'text'; text: string } | { type: 'tool_use'; id?: string; name: string; input: Record<string, unknown> };

/** What the mock answers one request with; stop_reason follows from the blocks unless given. */
export interface MockReply {
  content: MockContentBlock[];
  stopReason?: 'end_turn' | 'tool_use' | 'max_tokens';
}

/** A tool_result block the binary sent back, with its content flattened to text. */
export interface ToolResult {
  toolUseId: string;
  isError: boolean;
  text: string;
}

/** One HTTP request the mock received, whatever it was. */
export interface RecordedRequest {
  index: number;
  method: string;
  /** Path and query as requested, e.g. `/v1/messages?beta=true`. */
  url: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  body: any;
  /** `messages` for a Messages API call with tools (a conversation turn), `side` without tools, `other` for anything else. */
  kind: 'messages' | 'side' | 'other';
  /** The reply sent, with its ids and usage (absent for `other`). */
  reply?: SentReply;
}

export interface SentReply {
  messageId: string;
  requestId: string;
  content: MockContentBlock[];
  stopReason: string;
  usage: MockUsage;
  streamed: boolean;
  /** True once the whole response was written and the connection did not close first. */
  consumed: boolean;
  /** False when no script step answered (a fallback text went out instead). */
  scripted: boolean;
}

/** Decides the reply to a conversation request; undefined means "not my turn" (the queue tries the next rule). */
export type ScriptStep = (request: RecordedRequest) => MockReply | undefined;

export interface MockAnthropicOptions {
  /**
   * Rules answering conversation requests (those with tools). Each request goes to the first step that
   * returns a reply; a step with `once` semantics can be built with `onceStep`. A request no step answers
   * gets a short fallback text and is marked unscripted.
   */
  script?: ScriptStep[];
  /** Usage for the n-th reply (0-based, counted over all replies); defaults to `distinctUsage`. */
  usage?: (replyIndex: number) => MockUsage;
  /** Text for requests without tools (title or summary generation). */
  sideText?: string;
  /**
   * What message_start's usage says about output tokens: `api` sends 1 there and the final count only in
   * message_delta, as the real API does; `final` sends the final figures in both.
   */
  startUsage?: 'api' | 'final';
}

export interface MockAnthropic {
  /** `http://127.0.0.1:<port>`, for ANTHROPIC_BASE_URL. */
  url: string;
  requests: RecordedRequest[];
  /** Conversation requests (Messages API calls with tools), in arrival order. */
  conversation(): RecordedRequest[];
  /** Sums over the conversation replies the binary read to the end: what its transcript accounts for. */
  usageTotals(scope?: 'conversation' | 'all'): MockUsage;
  /** Resolves with the first recorded request (past or future) matching `predicate`. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, what: string, timeoutMs?: number): Promise<RecordedRequest>;
  /** Requests the mock could not serve (404) or answered with the fallback: a test asserts this is empty. */
  unexpected(): RecordedRequest[];
  close(): Promise<void>;
}

/** Figures distinct per reply and per field, so a sum that counts a reply twice (or drops one) is visible. */
export function distinctUsage(replyIndex: number): MockUsage {
  return {
    input_tokens: 1201 + replyIndex * 10,
    output_tokens: 307 + replyIndex * 3,
    cache_creation_input_tokens: 2003 + replyIndex * 100,
    cache_read_input_tokens: 40009 + replyIndex * 1000,
  };
}

export function text(value: string): MockReply {
  return { content: [{ type: 'text', text: value }] };
}

export function toolUse(name: string, input: Record<string, unknown>, preface?: string): MockReply {
  const blocks: MockContentBlock[] = preface ? [{ type: 'text', text: preface }] : [];
  return { content: [...blocks, { type: 'tool_use', name, input }] };
}

/** A step that answers at most once (the first request its `when` accepts). */
export function onceStep(when: (request: RecordedRequest) => boolean, reply: MockReply | ((request: RecordedRequest) => MockReply)): ScriptStep {
  let used = false;
  return (request) => {
    if (used || !when(request)) return undefined;
    used = true;
    return typeof reply === 'function' ? reply(request) : reply;
  };
}

const emptyUsage = (): MockUsage => ({ input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });

function addUsage(total: MockUsage, usage: MockUsage): void {
  total.input_tokens += usage.input_tokens;
  total.output_tokens += usage.output_tokens;
  total.cache_creation_input_tokens += usage.cache_creation_input_tokens;
  total.cache_read_input_tokens += usage.cache_read_input_tokens;
}

function blockText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: any) => (part?.type === 'text' ? String(part.text) : '')).join('');
}

/**
 * The last `user` message of a conversation request. 2.1.331 also puts `system` role messages into
 * `messages` (the environment block after the first prompt), so the very last message may not be the user's.
 */
export function lastUserMessage(request: RecordedRequest): { role: string; content: unknown } | undefined {
  const messages: unknown = request.body?.messages;
  if (!Array.isArray(messages)) return undefined;
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === 'user') return messages[i];
  return undefined;
}

/** The text the user typed in the last message (tool results and system reminders excluded). */
export function lastUserText(request: RecordedRequest): string {
  const last = lastUserMessage(request);
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  if (!Array.isArray(last.content)) return '';
  return last.content
    .filter((part: any) => part?.type === 'text' && !String(part.text).startsWith('<system-reminder>'))
    .map((part: any) => String(part.text))
    .join('\n');
}

/** The tool_result blocks of the last message. */
export function toolResults(request: RecordedRequest): ToolResult[] {
  const last = lastUserMessage(request);
  if (!last || !Array.isArray(last.content)) return [];
  return last.content
    .filter((part: any) => part?.type === 'tool_result')
    .map((part: any) => ({ toolUseId: String(part.tool_use_id), isError: part.is_error === true, text: blockText(part.content) }));
}

function sse(res: ServerResponse, type: string, data: Record<string, unknown>): void {
  res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
}

/** Writes the reply as the Messages API streams it: one content block at a time, the JSON input in pieces. */
function streamReply(res: ServerResponse, model: string, reply: SentReply, startUsage: 'api' | 'final'): void {
  const { usage } = reply;
  const atStart = startUsage === 'api' ? { ...usage, output_tokens: 1 } : usage;
  sse(res, 'message_start', {
    message: { id: reply.messageId, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: atStart },
  });
  reply.content.forEach((block, index) => {
    if (block.type === 'text') {
      sse(res, 'content_block_start', { index, content_block: { type: 'text', text: '' } });
      sse(res, 'content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
    } else {
      sse(res, 'content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      const json = JSON.stringify(block.input);
      const cut = Math.ceil(json.length / 2);
      for (const piece of [json.slice(0, cut), json.slice(cut)]) sse(res, 'content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } });
    }
    sse(res, 'content_block_stop', { index });
  });
  sse(res, 'message_delta', { delta: { stop_reason: reply.stopReason, stop_sequence: null }, usage });
  sse(res, 'message_stop', {});
  res.end();
}

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** A local stand-in for the Anthropic Messages API on 127.0.0.1 and a free port, answering from a script. */
export async function startMockAnthropic(options: MockAnthropicOptions = {}): Promise<MockAnthropic> {
  const script = options.script ?? [];
  const usageFor = options.usage ?? distinctUsage;
  const requests: RecordedRequest[] = [];
  const watchers = new Set<(request: RecordedRequest) => void>();
  let replyCount = 0;
  const newId = (prefix: string): string => `${prefix}_mock${randomBytes(9).toString('hex')}`;

  const record = (request: RecordedRequest): void => {
    requests.push(request);
    for (const watcher of [...watchers]) watcher(request);
  };

  const answer = (request: RecordedRequest, res: ServerResponse): void => {
    let reply: MockReply | undefined;
    if (request.kind === 'messages') {
      for (const step of script) {
        reply = step(request);
        if (reply) break;
      }
    } else {
      reply = text(options.sideText ?? 'Mock session');
    }
    const scripted = reply !== undefined;
    const chosen = reply ?? text('mock: no scripted reply for this request');
    const content = chosen.content.map((block) => (block.type === 'tool_use' ? { ...block, id: block.id ?? newId('toolu') } : block));
    const sent: SentReply = {
      messageId: newId('msg'),
      requestId: newId('req'),
      content,
      stopReason: chosen.stopReason ?? (content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn'),
      usage: usageFor(replyCount++),
      streamed: request.body?.stream === true,
      consumed: false,
      scripted,
    };
    request.reply = sent;
    res.on('finish', () => {
      sent.consumed = true;
    });
    const model = String(request.body?.model ?? 'claude-mock');
    if (sent.streamed) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': sent.requestId });
      streamReply(res, model, sent, options.startUsage ?? 'api');
    } else {
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': sent.requestId });
      const message = { id: sent.messageId, type: 'message', role: 'assistant', model, content, stop_reason: sent.stopReason, stop_sequence: null, usage: sent.usage };
      res.end(JSON.stringify(message));
    }
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = (req.url ?? '/').split('?')[0];
      const isMessages = req.method === 'POST' && path === '/v1/messages';
      const kind = !isMessages ? 'other' : Array.isArray(body?.tools) && body.tools.length > 0 ? 'messages' : 'side';
      const request: RecordedRequest = { index: requests.length, method: req.method ?? '', url: req.url ?? '/', headers: req.headers, body, kind };
      if (isMessages) answer(request, res);
      else if (req.method === 'HEAD' && path === '/') res.writeHead(200).end();
      else res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'not mocked' } }));
      record(request);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    conversation: () => requests.filter((request) => request.kind === 'messages'),
    usageTotals: (scope = 'conversation') => {
      const total = emptyUsage();
      for (const request of requests) {
        if (request.reply?.consumed && (scope === 'all' || request.kind === 'messages')) addUsage(total, request.reply.usage);
      }
      return total;
    },
    waitForRequest: (predicate, what, timeoutMs = 20_000) => {
      const found = requests.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(watch);
          reject(new Error(`timed out waiting for a mock request: ${what} (got ${requests.length}: ${requests.map((r) => `${r.method} ${r.url} [${r.kind}]`).join(', ')})`));
        }, timeoutMs);
        const watch = (request: RecordedRequest): void => {
          if (!predicate(request)) return;
          clearTimeout(timer);
          watchers.delete(watch);
          resolve(request);
        };
        watchers.add(watch);
      });
    },
    unexpected: () => requests.filter((request) => (request.kind === 'other' && !(request.method === 'HEAD' && request.url === '/')) || request.reply?.scripted === false),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
