/**
 * The private wire between the daemon (PtyHostClient) and the pty host, over `ptyhost.sock`.
 *
 * Every frame is `[u32 BE length][u8 type][body]`, where `length` counts the body only.
 *
 *   type 1  JSON   UTF-8 JSON: requests `{id, op, ...}` (daemon → host), responses
 *                  `{id, ok: true, result} | {id, ok: false, error: {code, message}}` and events
 *                  `{event: 'exit', ...}` (host → daemon). A request without `id` gets no response.
 *   type 2  OUTPUT host → daemon. The body is EXACTLY a protocol WebSocket frame of kind 'output'
 *                  (13-byte header + payload, see @codepiper/protocol frame.ts), so the daemon forwards
 *                  it to browsers without re-encoding.
 *   type 3  INPUT  daemon → host. The body is a protocol frame of kind 'input' (offset 0).
 *
 * The snapshot answer carries its `pending` bytes as base64 inside the JSON response: they are
 * usually small (what the headless worker has not parsed yet), and keeping the answer in one frame
 * keeps it atomic on the ordered socket.
 */
import { FRAME_HEADER_BYTES, writeFrameHeader } from '@codepiper/protocol';
import { PTY_HOST_MAX_WIRE_FRAME } from '../constants.js';

/** Bumped when a host and a client of different versions could misunderstand each other. */
export const PTY_HOST_PROTOCOL_VERSION = 1;

export const WIRE_TYPE = { json: 1, output: 2, input: 3 } as const;
export type WireType = (typeof WIRE_TYPE)[keyof typeof WIRE_TYPE];

export const WIRE_HEADER_BYTES = 5;

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

/** Encodes one frame (copies `body`). */
export function encodeWireFrame(type: number, body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(WIRE_HEADER_BYTES + body.length);
  out.writeUInt32BE(body.length, 0);
  out[4] = type;
  out.set(body, WIRE_HEADER_BYTES);
  return out;
}

export function encodeJsonFrame(message: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(message), 'utf8');
  const out = Buffer.allocUnsafe(WIRE_HEADER_BYTES + json.length);
  out.writeUInt32BE(json.length, 0);
  out[4] = WIRE_TYPE.json;
  json.copy(out, WIRE_HEADER_BYTES);
  return out;
}

/**
 * The wire header plus the protocol frame header (5 + 13 bytes) of a protocol frame whose payload
 * has `payloadLength` bytes. Write it, then the payload, on the same socket (no copy of the payload).
 */
export function encodeFrameHeaders(
  type: number,
  kind: 'output' | 'input',
  sessionId: string,
  offset: number,
  payloadLength: number,
): Buffer {
  const out = Buffer.allocUnsafe(WIRE_HEADER_BYTES + FRAME_HEADER_BYTES);
  out.writeUInt32BE(FRAME_HEADER_BYTES + payloadLength, 0);
  out[4] = type;
  writeFrameHeader(out.subarray(WIRE_HEADER_BYTES), kind, sessionId, offset);
  return out;
}

/** One wire frame holding a protocol frame (header + payload), in one buffer. */
export function encodeProtocolWireFrame(
  type: number,
  kind: 'output' | 'input',
  sessionId: string,
  offset: number,
  payload: Uint8Array,
): Buffer {
  const out = Buffer.allocUnsafe(WIRE_HEADER_BYTES + FRAME_HEADER_BYTES + payload.length);
  out.writeUInt32BE(FRAME_HEADER_BYTES + payload.length, 0);
  out[4] = type;
  writeFrameHeader(out.subarray(WIRE_HEADER_BYTES), kind, sessionId, offset);
  out.set(payload, WIRE_HEADER_BYTES + FRAME_HEADER_BYTES);
  return out;
}

export interface WireFrame {
  type: number;
  /** The frame's body. A view that is never reused or overwritten by the parser: safe to keep. */
  body: Buffer;
}

/**
 * Streaming parser: feed it socket chunks in order, get whole frames back. Frames that sit inside one
 * chunk are views of it; a frame split across chunks is copied once, into a buffer of exactly its
 * size, when its last byte arrives (no re-concatenation per chunk, and the bytes after it in that
 * chunk stay views). Throws WireError on a frame over `maxFrame` bytes; the caller should then drop
 * the connection (the stream can no longer be trusted).
 */
export class WireParser {
  /** Pieces of the frame being assembled, and their total length. */
  private parts: Buffer[] = [];
  private buffered = 0;
  /** Header + body length of the frame being assembled, once its header is complete. */
  private need: number | null = null;
  private readonly maxFrame: number;

  constructor(maxFrame: number = PTY_HOST_MAX_WIRE_FRAME) {
    this.maxFrame = maxFrame;
  }

  /** Bytes held waiting for the rest of a frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  push(chunk: Uint8Array): WireFrame[] {
    const frames: WireFrame[] = [];
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.buffered > 0) {
      buf = this.complete(buf, frames);
      if (this.buffered > 0) return frames;
    }
    let pos = 0;
    while (buf.length - pos >= WIRE_HEADER_BYTES) {
      const end = pos + this.frameBytes(buf, pos);
      if (end > buf.length) break;
      frames.push({ type: buf[pos + 4]!, body: buf.subarray(pos + WIRE_HEADER_BYTES, end) });
      pos = end;
    }
    if (pos < buf.length) {
      const rest = buf.subarray(pos);
      this.parts = [rest];
      this.buffered = rest.length;
      this.need = rest.length >= WIRE_HEADER_BYTES ? this.frameBytes(rest, 0) : null;
    }
    return frames;
  }

  /** Adds the start of `buf` to the frame being assembled; returns what is left of `buf`. */
  private complete(buf: Buffer, frames: WireFrame[]): Buffer {
    if (this.need === null) {
      // The header itself was split: gather its bytes first (a few bytes, copied).
      const take = Math.min(WIRE_HEADER_BYTES - this.buffered, buf.length);
      const header = Buffer.concat([...this.parts, buf.subarray(0, take)]);
      this.parts = [header];
      this.buffered = header.length;
      buf = buf.subarray(take);
      if (header.length < WIRE_HEADER_BYTES) return buf;
      this.need = this.frameBytes(header, 0);
    }
    const take = Math.min(this.need - this.buffered, buf.length);
    this.parts.push(buf.subarray(0, take));
    this.buffered += take;
    if (this.buffered < this.need) return buf.subarray(take);
    const frame = Buffer.concat(this.parts, this.need);
    frames.push({ type: frame[4]!, body: frame.subarray(WIRE_HEADER_BYTES) });
    this.parts = [];
    this.buffered = 0;
    this.need = null;
    return buf.subarray(take);
  }

  /** Total bytes (header included) of the frame whose header starts at `pos`. */
  private frameBytes(buf: Buffer, pos: number): number {
    const length = buf.readUInt32BE(pos);
    if (length > this.maxFrame) throw new WireError(`wire frame of ${length} bytes exceeds ${this.maxFrame}`);
    return WIRE_HEADER_BYTES + length;
  }
}

// ---------------------------------------------------------------------------------------------------
// JSON messages
// ---------------------------------------------------------------------------------------------------

export interface WireErrorBody {
  code: string;
  message: string;
}

export type WireResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: WireErrorBody };

export interface WireExitEvent {
  event: 'exit';
  session: string;
  exitCode: number | null;
  signal: string | null;
  offset: number;
  endedAt: string;
}

export type WireEvent = WireExitEvent;

export interface HelloResult {
  version: number;
  pid: number;
  startedAt: string;
}

export interface SnapshotResult {
  offset: number;
  data: string;
  /** Raw bytes [offset, offset + pending.length), base64. */
  pending: string;
}
