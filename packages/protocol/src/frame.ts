/**
 * Binary WebSocket frames carry terminal output without JSON: a 13-byte header then raw bytes.
 *
 *   byte 0      kind (FRAME_KIND)
 *   bytes 1-4   session id (8 hex digits as 4 bytes)
 *   bytes 5-12  stream byte offset of the payload's first byte (u64 big-endian; exact below 2^53)
 *   bytes 13-   payload
 *
 * `output`: raw pty bytes starting at `offset`. `snapshot`: a serialized screen (UTF-8 ANSI) valid as
 * of `offset`; the client resets its terminal, writes it, and expects output from `offset` on.
 * `input`: client → daemon raw input bytes for the session (offset unused, 0).
 */
export const FRAME_KIND = { output: 1, snapshot: 2, input: 16 } as const;
export type FrameKind = keyof typeof FRAME_KIND;
export const FRAME_HEADER_BYTES = 13;

const KIND_BY_CODE = new Map<number, FrameKind>(Object.entries(FRAME_KIND).map(([k, v]) => [v, k as FrameKind]));

export interface Frame {
  kind: FrameKind;
  sessionId: string;
  offset: number;
  payload: Uint8Array;
}

const TWO_32 = 2 ** 32;

/** Writes a frame header into `target[0..13)`; the caller places the payload after it. */
export function writeFrameHeader(target: Uint8Array, kind: FrameKind, sessionId: string, offset: number): void {
  if (!/^[0-9a-f]{8}$/.test(sessionId)) throw new RangeError(`invalid session id ${sessionId}`);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`invalid offset ${offset}`);
  const view = new DataView(target.buffer, target.byteOffset, FRAME_HEADER_BYTES);
  view.setUint8(0, FRAME_KIND[kind]);
  view.setUint32(1, Number.parseInt(sessionId, 16));
  view.setUint32(5, Math.floor(offset / TWO_32));
  view.setUint32(9, offset % TWO_32);
}

export function encodeFrame(kind: FrameKind, sessionId: string, offset: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  writeFrameHeader(out, kind, sessionId, offset);
  out.set(payload, FRAME_HEADER_BYTES);
  return out;
}

/** Decodes a frame; throws RangeError on anything malformed. The payload is a view, not a copy. */
export function decodeFrame(data: Uint8Array): Frame {
  if (data.length < FRAME_HEADER_BYTES) throw new RangeError('frame shorter than its header');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const kind = KIND_BY_CODE.get(view.getUint8(0));
  if (!kind) throw new RangeError(`unknown frame kind ${view.getUint8(0)}`);
  const sessionId = view.getUint32(1).toString(16).padStart(8, '0');
  const offset = view.getUint32(5) * TWO_32 + view.getUint32(9);
  if (!Number.isSafeInteger(offset)) throw new RangeError('frame offset out of range');
  return { kind, sessionId, offset, payload: data.subarray(FRAME_HEADER_BYTES) };
}
