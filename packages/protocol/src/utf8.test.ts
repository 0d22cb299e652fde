import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from './utf8.js';

// TextEncoder is the reference (it counts exactly like Buffer.byteLength, lone surrogates becoming the
// 3-byte U+FFFD); the Buffer global is off limits in this isomorphic package, tests included.
const encoder = new TextEncoder();
const reference = (text: string) => encoder.encode(text).length;

describe('utf8ByteLength', () => {
  it('counts 1, 2, 3 and 4 byte characters', () => {
    expect(utf8ByteLength('')).toBe(0);
    expect(utf8ByteLength('a')).toBe(1);
    expect(utf8ByteLength('\x7f')).toBe(1);
    expect(utf8ByteLength('\x80')).toBe(2);
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('\u07ff')).toBe(2);
    expect(utf8ByteLength('\u0800')).toBe(3);
    expect(utf8ByteLength('€')).toBe(3);
    expect(utf8ByteLength('\uffff')).toBe(3);
    expect(utf8ByteLength('😀')).toBe(4);
    expect(utf8ByteLength('\u{10ffff}')).toBe(4);
  });

  it('counts a lone surrogate as the 3-byte replacement character', () => {
    expect(utf8ByteLength('\ud83d')).toBe(3);
    expect(utf8ByteLength('\ude00')).toBe(3);
    expect(utf8ByteLength('\ude00\ud83d')).toBe(6);
    expect(utf8ByteLength('a\ud83d')).toBe(4);
    expect(utf8ByteLength('\ud83d\ud83d\ude00')).toBe(7);
  });

  it('agrees with TextEncoder for any string, surrogates included', () => {
    // UTF-16 code units one by one produce lone and paired surrogates; the pool makes pairs, broken
    // pairs and reversed pairs frequent.
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    const tricky = fc.constantFrom('\ud83d', '\ude00', '\ud800', '\udbff', '\udc00', '\udfff', 'a', '\x7f', '\x80', '\u07ff', '\u0800', '😀');
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: codeUnit }), fc.string({ unit: tricky }));
    fc.assert(
      fc.property(text, (s) => {
        expect(utf8ByteLength(s)).toBe(reference(s));
      }),
      { numRuns: 1000 },
    );
  });
});
