import { afterEach, describe, expect, it } from 'vitest';
import { distinctUsage, onceStep, startMockAnthropic, text, toolResults, toolUse, type MockAnthropic } from './mock-anthropic.js';

const BASH = [{ name: 'Bash', input_schema: { type: 'object' } }];

describe('mock Anthropic Messages API', () => {
  let mock: MockAnthropic | undefined;
  afterEach(async () => {
    await mock?.close();
    mock = undefined;
  });

  const post = (body: unknown, path = '/v1/messages?beta=true'): Promise<Response> =>
    fetch(`${mock!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('streams a scripted tool call as Messages API events, with usage and a request id', async () => {
    mock = await startMockAnthropic({ script: [onceStep(() => true, toolUse('Bash', { command: 'echo hi', description: 'say hi' }, 'Running it.'))] });
    const response = await post({ model: 'm', stream: true, tools: BASH, messages: [{ role: 'user', content: 'go' }] });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = (await response.text())
      .split('\n\n')
      .filter(Boolean)
      .map((frame) => JSON.parse(frame.split('\ndata: ')[1]!));
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const json = events.filter((event) => event.delta?.type === 'input_json_delta').map((event) => event.delta.partial_json).join('');
    expect(JSON.parse(json)).toEqual({ command: 'echo hi', description: 'say hi' });
    expect(events[8]).toMatchObject({ delta: { stop_reason: 'tool_use' }, usage: distinctUsage(0) });
    expect(events[0].message.usage.output_tokens).toBe(1);
    expect(response.headers.get('request-id')).toBe(mock.requests[0]!.reply!.requestId);
    expect(mock.usageTotals()).toEqual(distinctUsage(0));
  });

  it('answers a request without stream as one JSON message, and one without tools without using the script', async () => {
    mock = await startMockAnthropic({ script: [onceStep(() => true, text('scripted'))] });
    const side: any = await (await post({ model: 'm', stream: false, messages: [{ role: 'user', content: 'title?' }] })).json();
    expect(side.content).toEqual([{ type: 'text', text: 'Mock session' }]);
    const turn: any = await (await post({ model: 'm', tools: BASH, messages: [{ role: 'user', content: 'go' }] })).json();
    expect(turn).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'scripted' }], stop_reason: 'end_turn', usage: distinctUsage(1) });
    // Side replies are not in the transcript, so the conversation totals leave them out.
    expect(mock.usageTotals()).toEqual(distinctUsage(1));
    expect(mock.usageTotals('all').input_tokens).toBe(distinctUsage(0).input_tokens + distinctUsage(1).input_tokens);
  });

  it('answers HEAD / and records anything else as a 404 it did not expect', async () => {
    mock = await startMockAnthropic();
    expect((await fetch(`${mock.url}/`, { method: 'HEAD' })).status).toBe(200);
    expect((await post({}, '/v1/messages/count_tokens')).status).toBe(404);
    expect(mock.unexpected().map((request) => request.url)).toEqual(['/v1/messages/count_tokens']);
  });

  it('reads tool results from the last user message, past trailing system messages, and waits for a request', async () => {
    mock = await startMockAnthropic();
    const waiting = mock.waitForRequest((request) => toolResults(request).length > 0, 'a tool result', 2_000);
    await post({
      model: 'm',
      tools: BASH,
      messages: [
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', is_error: true, content: [{ type: 'text', text: 'denied: policy' }] }] },
        { role: 'system', content: 'environment' },
      ],
    });
    expect(toolResults(await waiting)).toEqual([{ toolUseId: 'toolu_1', isError: true, text: 'denied: policy' }]);
    // Nothing scripted: the fallback reply is flagged.
    expect(mock.unexpected()).toHaveLength(1);
  });
});
