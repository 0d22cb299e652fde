import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '@codepiper/protocol';
import {
  encodeFrameHeaders,
  encodeJsonFrame,
  encodeProtocolWireFrame,
  encodeWireFrame,
  WIRE_TYPE,
  WireError,
  WireParser,
  type WireFrame,
} from './wire.js';

function sample(): { wire: Buffer; frames: Array<{ type: number; body: Buffer }> } {
  const frames = [
    { type: WIRE_TYPE.json, body: Buffer.from(JSON.stringify({ id: 1, op: 'list' })) },
    { type: WIRE_TYPE.output, body: Buffer.from(encodeFrame('output', '0000abcd', 12345, Buffer.from('hello\r\n'))) },
    { type: WIRE_TYPE.json, body: Buffer.alloc(0) },
    { type: WIRE_TYPE.input, body: Buffer.from(encodeFrame('input', 'deadbeef', 0, Buffer.alloc(70_000, 7))) },
    { type: WIRE_TYPE.json, body: Buffer.from('{"event":"exit"}') },
  ];
  return { wire: Buffer.concat(frames.map((f) => encodeWireFrame(f.type, f.body))), frames };
}

function feed(parser: WireParser, wire: Buffer, cuts: number[]): WireFrame[] {
  const out: WireFrame[] = [];
  let pos = 0;
  for (const cut of [...cuts, wire.length]) {
    out.push(...parser.push(wire.subarray(pos, cut)));
    pos = cut;
  }
  return out;
}

describe('wire codec', () => {
  it('parses frames merged in one chunk', () => {
    const { wire, frames } = sample();
    const got = new WireParser().push(wire);
    expect(got.map((f) => f.type)).toEqual(frames.map((f) => f.type));
    got.forEach((f, i) => expect(Buffer.compare(f.body, frames[i]!.body)).toBe(0));
  });

  it('parses frames split at every byte position', () => {
    const { wire, frames } = sample();
    // Splitting at each position of the small frames and a few inside the big one.
    const positions = [...Array(200).keys(), 70_000, wire.length - 20, wire.length - 1];
    for (const cut of positions) {
      const got = feed(new WireParser(), wire, [cut]);
      expect(got.length).toBe(frames.length);
      got.forEach((f, i) => expect(Buffer.compare(f.body, frames[i]!.body)).toBe(0));
    }
  });

  it('parses a stream delivered one byte at a time', () => {
    const { wire, frames } = sample();
    const parser = new WireParser();
    const got: WireFrame[] = [];
    for (let i = 0; i < wire.length; i++) got.push(...parser.push(wire.subarray(i, i + 1)));
    expect(got.length).toBe(frames.length);
    got.forEach((f, i) => expect(Buffer.compare(f.body, frames[i]!.body)).toBe(0));
    expect(parser.pendingBytes).toBe(0);
  });

  it('keeps frame bodies intact after later chunks arrive', () => {
    const { wire, frames } = sample();
    const parser = new WireParser();
    const got = feed(parser, wire, [10, 300, 5000]);
    // Another frame arrives: the bodies handed out before must not change.
    parser.push(encodeWireFrame(WIRE_TYPE.json, Buffer.from('{"x":1}')));
    got.forEach((f, i) => expect(Buffer.compare(f.body, frames[i]!.body)).toBe(0));
  });

  it('copies a frame split across chunks once, into a buffer of its own size', () => {
    const big = encodeWireFrame(WIRE_TYPE.output, Buffer.alloc(100_000, 1));
    const small = encodeWireFrame(WIRE_TYPE.json, Buffer.from('{"after":1}'));
    const stream = Buffer.concat([big, small]);
    const parser = new WireParser();
    // The big frame arrives in three socket reads; the last one also holds the small frame.
    const last = stream.subarray(90_000);
    expect(parser.push(stream.subarray(0, 40_000))).toEqual([]);
    expect(parser.push(stream.subarray(40_000, 90_000))).toEqual([]);
    const [first, second] = parser.push(last);
    expect(first!.body.length).toBe(100_000);
    expect(first!.body.buffer.byteLength).toBe(big.length);
    expect(second!.body.buffer).toBe(last.buffer);
    expect(second!.body.toString()).toBe('{"after":1}');
    expect(parser.pendingBytes).toBe(0);
  });

  it('rejects a frame over the maximum', () => {
    const parser = new WireParser(1024);
    expect(() => parser.push(encodeWireFrame(WIRE_TYPE.json, Buffer.alloc(2000)))).toThrow(WireError);
    const split = new WireParser(1024);
    const big = encodeWireFrame(WIRE_TYPE.json, Buffer.alloc(2000));
    split.push(big.subarray(0, 2));
    expect(() => split.push(big.subarray(2, 6))).toThrow(WireError);
  });

  it('output bodies are byte-identical to protocol frames', () => {
    const payload = Buffer.from('\x1b[31mred\x1b[0m');
    const one = encodeProtocolWireFrame(WIRE_TYPE.output, 'output', '0a0b0c0d', 2 ** 40 + 5, payload);
    const split = Buffer.concat([encodeFrameHeaders(WIRE_TYPE.output, 'output', '0a0b0c0d', 2 ** 40 + 5, payload.length), payload]);
    expect(Buffer.compare(one, split)).toBe(0);
    const [f] = new WireParser().push(one);
    expect(f!.type).toBe(WIRE_TYPE.output);
    expect(Buffer.compare(f!.body, Buffer.from(encodeFrame('output', '0a0b0c0d', 2 ** 40 + 5, payload)))).toBe(0);
    const decoded = decodeFrame(f!.body);
    expect(decoded).toMatchObject({ kind: 'output', sessionId: '0a0b0c0d', offset: 2 ** 40 + 5 });
    expect(Buffer.from(decoded.payload).toString()).toBe(payload.toString());
  });

  it('encodes JSON messages', () => {
    const [f] = new WireParser().push(encodeJsonFrame({ id: 3, ok: true, result: { é: 'ü' } }));
    expect(f!.type).toBe(WIRE_TYPE.json);
    expect(JSON.parse(f!.body.toString('utf8'))).toEqual({ id: 3, ok: true, result: { é: 'ü' } });
  });
});
