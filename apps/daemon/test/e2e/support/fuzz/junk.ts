import fc from 'fast-check';

/** Numbers at the edges: overflow, precision loss, negative zero, fractions where integers go. */
export const hugeNumber = fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 2 ** 64, 4294967296, -1, -0, 0.5, 1e-300, 65536, 999_999_999);

/** Text a parser or a terminal might choke on: any code point, lone surrogates, controls, long runs. */
export const nastyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\r\n', '\u202e', '\ud800', '\udfff', '../../etc/passwd', '%00', '${jndi:x}', '<script>', "'; DROP TABLE sessions;--", '\u00e9'.repeat(300), 'x'.repeat(70_000)),
);

/** Arrays nested inside a value; deeper ones go as raw text (deepJsonText), not through JSON.stringify. */
const deepNesting = fc.integer({ min: 1, max: 300 }).map((depth) => {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
});

/** Valid JSON nested far deeper than any request needs: a recursive parser or validator runs out of stack. */
export const deepJsonText = fc
  .tuple(fc.integer({ min: 1_000, max: 50_000 }), fc.constantFrom('[', '{"a":'))
  .map(([depth, open]) => `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`);

/** Any JSON value a field could be replaced with. */
export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(null, true, false, {}, [], ''), weight: 2 },
  { arbitrary: hugeNumber, weight: 3 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
  { arbitrary: nastyString, weight: 3 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), weight: 1 },
  { arbitrary: deepNesting, weight: 1 },
);

/** Percent-encodes the UTF-8 bytes of any string, lone surrogates included (encodeURIComponent throws on those). */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9._~-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A valid object with one field replaced, removed, or joined by an unknown one. */
export function mutated(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(valid, fc.nat(), fc.constantFrom('replace', 'remove', 'add', 'wrap'), junkValue, nastyString).map(([object, pick, how, junk, key]) => {
    const keys = Object.keys(object);
    const field = keys.length > 0 ? keys[pick % keys.length]! : 'field';
    const copy: Record<string, unknown> = { ...object };
    if (how === 'replace') copy[field] = junk;
    else if (how === 'remove') delete copy[field];
    else if (how === 'add') copy[key || 'extra'] = junk;
    else copy[field] = [copy[field]];
    return copy;
  });
}
