import fc from 'fast-check';
import { encodeFrame, FRAME_HEADER_BYTES, LIMITS } from '@codepiper/protocol';
import { deepJsonText, hugeNumber, junkValue, mutated, nastyString } from './junk.js';

export type WsFuzzMessage = { binary: false; data: string } | { binary: true; data: Buffer };

/** One fuzzed WebSocket message: a mutated client message, broken JSON, or a broken binary frame. */
export function wsFuzzMessage(sessionId: string): fc.Arbitrary<WsFuzzMessage> {
  const session = fc.oneof(
    { arbitrary: fc.constant(sessionId), weight: 6 },
    { arbitrary: fc.stringMatching(/^[0-9a-f]{8}$/), weight: 1 },
    { arbitrary: junkValue, weight: 1 },
  );
  const cols = fc.integer({ min: LIMITS.minCols, max: LIMITS.maxCols });
  const rows = fc.integer({ min: LIMITS.minRows, max: LIMITS.maxRows });
  const offset = fc.oneof(fc.nat(), hugeNumber);
  const valid: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
    fc.constant({ type: 'subscribe-sessions' }),
    fc.constant({ type: 'unsubscribe-sessions' }),
    fc.record(
      { type: fc.constant('attach'), session, from: offset, cols, rows, control: fc.boolean(), readOnly: fc.boolean(), flow: fc.boolean() },
      { requiredKeys: ['type', 'session'] },
    ),
    fc.record({ type: fc.constant('detach'), session }),
    fc.record({ type: fc.constant('input'), session, data: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), nastyString) }),
    fc.record({ type: fc.constantFrom('resize', 'take-control'), session, cols, rows }),
    fc.record({ type: fc.constant('release-control'), session }),
    fc.record({ type: fc.constant('ack'), session, offset }),
    fc.record({ type: fc.constantFrom('ping', 'pong'), t: fc.double({ noNaN: true }) }, { requiredKeys: ['type'] }),
  );
  const text = (value: fc.Arbitrary<unknown>) => value.map((v): WsFuzzMessage => ({ binary: false, data: JSON.stringify(v) ?? 'null' }));
  const frameKind = fc.constantFrom<'input' | 'output' | 'snapshot'>('input', 'input', 'input', 'output', 'snapshot');
  const frameSession = fc.oneof(fc.constant(sessionId), fc.stringMatching(/^[0-9a-f]{8}$/));
  return fc.oneof(
    { arbitrary: text(valid), weight: 5 },
    { arbitrary: text(mutated(valid)), weight: 8 },
    { arbitrary: fc.tuple(valid, fc.nat()).map(([v, cut]): WsFuzzMessage => { const json = JSON.stringify(v); return { binary: false, data: json.slice(0, cut % json.length) }; }), weight: 2 },
    { arbitrary: text(junkValue), weight: 2 },
    { arbitrary: nastyString.map((data): WsFuzzMessage => ({ binary: false, data })), weight: 1 },
    { arbitrary: deepJsonText.map((data): WsFuzzMessage => ({ binary: false, data })), weight: 1 },
    {
      arbitrary: fc
        .tuple(frameKind, frameSession, fc.oneof(fc.constant(0), fc.nat()), fc.uint8Array({ maxLength: 512 }))
        .map(([kind, id, at, payload]): WsFuzzMessage => ({ binary: true, data: Buffer.from(encodeFrame(kind, id, at, payload)) })),
      weight: 3,
    },
    { arbitrary: fc.uint8Array({ maxLength: 2 * FRAME_HEADER_BYTES }).map((bytes): WsFuzzMessage => ({ binary: true, data: Buffer.from(bytes) })), weight: 2 },
    { arbitrary: fc.uint8Array({ minLength: FRAME_HEADER_BYTES, maxLength: 1024 }).map((bytes): WsFuzzMessage => ({ binary: true, data: Buffer.from(bytes) })), weight: 2 },
  );
}
