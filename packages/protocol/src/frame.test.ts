import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FRAME_HEADER_BYTES, FRAME_KIND, writeFrameHeader, type FrameKind } from './frame.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('encodeFrame', () => {
  it('lays out kind, session id, big-endian offset and payload', () => {
    const frame = encodeFrame('output', 'a1b2c3d4', 0x0102030405, bytes(104, 105));
    expect([...frame]).toEqual([FRAME_KIND.output, 0xa1, 0xb2, 0xc3, 0xd4, 0, 0, 0, 0x01, 0x02, 0x03, 0x04, 0x05, 104, 105]);
  });

  it('encodes an empty payload as a bare header', () => {
    expect(encodeFrame('snapshot', '00000000', 0, new Uint8Array()).length).toBe(FRAME_HEADER_BYTES);
  });

  it('rejects a malformed session id with a RangeError', () => {
    for (const id of ['A1B2C3D4', 'a1b2c3d', 'a1b2c3d45', 'g1b2c3d4', '', ' a1b2c3d']) {
      expect(() => encodeFrame('output', id, 0, new Uint8Array())).toThrow(RangeError);
    }
  });

  it('rejects offsets that are negative, fractional or beyond 2^53-1 with a RangeError', () => {
    for (const offset of [-1, 0.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => encodeFrame('output', 'a1b2c3d4', offset, new Uint8Array())).toThrow(RangeError);
    }
  });
});

describe('writeFrameHeader', () => {
  it('writes only the 13 header bytes at the start of the target view', () => {
    const backing = new Uint8Array(20).fill(0xee);
    writeFrameHeader(backing.subarray(2), 'input', 'ffffffff', 7);
    expect([...backing]).toEqual([0xee, 0xee, FRAME_KIND.input, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 7, 0xee, 0xee, 0xee, 0xee, 0xee]);
  });
});

describe('decodeFrame', () => {
  it('round-trips each kind', () => {
    for (const kind of Object.keys(FRAME_KIND) as FrameKind[]) {
      const decoded = decodeFrame(encodeFrame(kind, '0badc0de', 42, bytes(1, 2, 3)));
      expect(decoded.kind).toBe(kind);
      expect(decoded.sessionId).toBe('0badc0de');
      expect(decoded.offset).toBe(42);
      expect([...decoded.payload]).toEqual([1, 2, 3]);
    }
  });

  it('keeps offsets exact above 2^32 and up to 2^53-1', () => {
    for (const offset of [2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 40 + 12_345, 2 ** 52, Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER]) {
      expect(decodeFrame(encodeFrame('output', 'a1b2c3d4', offset, new Uint8Array())).offset).toBe(offset);
    }
  });

  it('keeps leading zeros of the session id', () => {
    expect(decodeFrame(encodeFrame('output', '0000000a', 0, new Uint8Array())).sessionId).toBe('0000000a');
  });

  it('returns the payload as a view of the input, not a copy', () => {
    const frame = encodeFrame('output', 'a1b2c3d4', 0, bytes(1, 2, 3));
    const { payload } = decodeFrame(frame);
    expect(payload.buffer).toBe(frame.buffer);
    expect(payload.byteOffset).toBe(frame.byteOffset + FRAME_HEADER_BYTES);
    frame[FRAME_HEADER_BYTES] = 99;
    expect(payload[0]).toBe(99);
  });

  it('decodes a frame that sits at an offset inside a larger buffer', () => {
    const frame = encodeFrame('snapshot', 'deadbeef', 2 ** 33, bytes(7, 8));
    const backing = new Uint8Array(frame.length + 5);
    backing.set(frame, 3);
    const decoded = decodeFrame(backing.subarray(3, 3 + frame.length));
    expect(decoded).toMatchObject({ kind: 'snapshot', sessionId: 'deadbeef', offset: 2 ** 33 });
    expect([...decoded.payload]).toEqual([7, 8]);
  });

  it('throws a RangeError for a frame shorter than its header', () => {
    for (let length = 0; length < FRAME_HEADER_BYTES; length++) {
      expect(() => decodeFrame(new Uint8Array(length).fill(FRAME_KIND.output))).toThrow(RangeError);
    }
  });

  it('throws a RangeError for an unknown kind', () => {
    for (const kind of [0, 3, 15, 17, 255]) {
      const frame = encodeFrame('output', 'a1b2c3d4', 0, new Uint8Array());
      frame[0] = kind;
      expect(() => decodeFrame(frame)).toThrow(`unknown frame kind ${kind}`);
    }
  });

  it('throws a RangeError for an offset of 2^53 or more', () => {
    const frame = encodeFrame('output', 'a1b2c3d4', 0, new Uint8Array());
    new DataView(frame.buffer).setUint32(5, 2 ** 21); // high word 2^21 with a zero low word: exactly 2^53
    expect(() => decodeFrame(frame)).toThrow('frame offset out of range');
    frame.fill(0xff, 5, 13);
    expect(() => decodeFrame(frame)).toThrow(RangeError);
  });

  it('round-trips any kind, id, safe offset and payload', () => {
    const kinds = fc.constantFrom(...(Object.keys(FRAME_KIND) as FrameKind[]));
    const ids = fc.stringMatching(/^[0-9a-f]{8}$/);
    const offsets = fc.oneof(fc.maxSafeNat(), fc.integer({ min: 2 ** 32 - 2, max: 2 ** 32 + 2 }), fc.constant(Number.MAX_SAFE_INTEGER));
    fc.assert(
      fc.property(kinds, ids, offsets, fc.uint8Array({ maxLength: 300 }), (kind, sessionId, offset, payload) => {
        const decoded = decodeFrame(encodeFrame(kind, sessionId, offset, payload));
        expect(decoded.kind).toBe(kind);
        expect(decoded.sessionId).toBe(sessionId);
        expect(decoded.offset).toBe(offset);
        expect(decoded.payload).toEqual(payload);
      }),
    );
  });

  it('either rejects arbitrary bytes with a RangeError or decodes them to a frame that re-encodes identically', () => {
    const kindByte = fc.constantFrom(0, ...Object.values(FRAME_KIND), 200);
    const highWord = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x1f_fff0, max: 0x20_0010 }), fc.nat());
    const arbitraryFrame = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.tuple(kindByte, fc.uint8Array({ minLength: 4, maxLength: 4 }), highWord, fc.uint8Array({ minLength: 4, maxLength: 20 })).map(([k, id, high, rest]) => {
        const out = new Uint8Array(1 + 4 + 4 + rest.length);
        out[0] = k;
        out.set(id, 1);
        new DataView(out.buffer).setUint32(5, high >>> 0);
        out.set(rest, 9);
        return out;
      }),
    );
    fc.assert(
      fc.property(arbitraryFrame, (data) => {
        let frame;
        try {
          frame = decodeFrame(data);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
          return;
        }
        expect(encodeFrame(frame.kind, frame.sessionId, frame.offset, frame.payload)).toEqual(data);
      }),
    );
  });
});
