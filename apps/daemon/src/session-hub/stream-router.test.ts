import { describe, expect, it, vi } from 'vitest';
import { decodeFrame, encodeFrame, type ServerMessage, type Session } from '@codepiper/protocol';
import type { PtyHostClient, SessionRecord } from '@codepiper/core';
import { FLOW_HIGH_WATERMARK, OUTPUT_RING_BYTES, SNAPSHOT_FAILURES_REPORTED_AFTER, SNAPSHOT_RETRY_MS } from '../constants.js';
import type { ClientLink } from './client-link.js';
import { StreamRouter } from './stream-router.js';

const ID = 'a1b2c3d4';

/** A client that keeps every frame it is sent; nothing is ever pending in its socket. */
class RecordingLink implements ClientLink {
  readonly id = 'client';
  frames: Uint8Array[] = [];
  readonly pendingBytes = 0;
  readonly closed = false;
  messages: ServerMessage[] = [];
  sendJson(message: ServerMessage): void {
    this.messages.push(message);
  }
  sendFrame(frame: Uint8Array): void {
    this.frames.push(frame);
  }
  snapshots(): number {
    return this.frames.filter((f) => decodeFrame(f).kind === 'snapshot').length;
  }
  /** Output bytes received after the last snapshot, checking they continue each other. */
  outputSinceSnapshot(): { bytes: number; contiguous: boolean; end: number } {
    let end = -1;
    let bytes = 0;
    let contiguous = true;
    for (const f of this.frames) {
      const frame = decodeFrame(f);
      if (frame.kind === 'snapshot') {
        end = frame.offset;
        bytes = 0;
        continue;
      }
      if (frame.offset !== end) contiguous = false;
      end = frame.offset + frame.payload.length;
      bytes += frame.payload.length;
    }
    return { bytes, contiguous, end };
  }
}

/**
 * A router over one live session whose host answers every snapshot as an empty screen at `offset()`,
 * after failing the first `failSnapshots` (as a host does when a flood keeps resetting its terminal).
 */
function setUp({ failSnapshots = 0 } = {}) {
  let offset = 0;
  let failures = 0;
  const host = {
    snapshot: async () => {
      if (failures < failSnapshots) {
        failures++;
        throw new Error('snapshot raced with output resets too many times');
      }
      return { offset, data: '', pending: Buffer.alloc(0) };
    },
    resize: () => undefined,
  } as unknown as PtyHostClient;
  const record = { id: ID, cols: 80, rows: 24, status: 'running', outputBytes: 0 } as unknown as SessionRecord;
  const router = new StreamRouter({
    host: async () => host,
    record: () => record,
    resolveRef: () => record,
    describe: () => ({ id: ID }) as unknown as Session,
    sessionDir: () => '/nonexistent',
    log: () => undefined,
  });
  router.open(ID, 0, 80, 24);
  const output = (bytes: number): void => {
    const payload = new Uint8Array(bytes).fill(0x78);
    router.onOutput(encodeFrame('output', ID, offset, payload), ID, offset, payload);
    offset += bytes;
  };
  return { router, output, offset: () => offset };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamRouter', () => {
  it('holds a flow-controlled client over its window and continues it from the ring, without a snapshot or a gap', async () => {
    const { router, output, offset } = setUp();
    const link = new RecordingLink();
    await router.attach(link, ID, { flow: true });
    await flush();
    expect(link.snapshots()).toBe(1);

    // Over the window: the client stops receiving, the session keeps going.
    for (let i = 0; i < 8; i++) output(64 * 1024);
    const received = link.outputSinceSnapshot();
    expect(received.bytes).toBeGreaterThan(FLOW_HIGH_WATERMARK);
    expect(received.bytes).toBeLessThan(offset());

    // The client acknowledges what it parsed: it gets the rest, the same bytes in order.
    router.ack(link, ID, received.end);
    router.ack(link, ID, offset());
    const after = link.outputSinceSnapshot();
    expect(link.snapshots()).toBe(1);
    expect(after).toEqual({ bytes: offset(), contiguous: true, end: offset() });
  });

  it('resynchronises a held client with a snapshot once the ring no longer reaches back to it', async () => {
    const { router, output, offset } = setUp();
    const link = new RecordingLink();
    await router.attach(link, ID, { flow: true });
    await flush();
    for (let i = 0; i < 4; i++) output(128 * 1024);
    const held = link.outputSinceSnapshot().end;
    // More than the ring holds goes by while the client is held.
    for (let written = 0; written < OUTPUT_RING_BYTES + 256 * 1024; written += 64 * 1024) output(64 * 1024);
    router.ack(link, ID, held);
    await flush();
    expect(link.snapshots()).toBe(2);
    expect(decodeFrame(link.frames.at(-1)!).offset).toBe(offset());
  });

  it('keeps asking for a snapshot the host failed to take, tells the client after a few, and then delivers one', async () => {
    vi.useFakeTimers();
    try {
      const failures = SNAPSHOT_FAILURES_REPORTED_AFTER + 1;
      const { router, output, offset } = setUp({ failSnapshots: failures });
      const link = new RecordingLink();
      await router.attach(link, ID, { flow: true });
      output(1024);
      expect(link.snapshots()).toBe(0);

      await vi.advanceTimersByTimeAsync(SNAPSHOT_RETRY_MS * failures);
      expect(link.snapshots()).toBe(1);
      expect(decodeFrame(link.frames[0]!).offset).toBe(offset());
      expect(link.messages.filter((m) => m.type === 'error')).toHaveLength(1);

      // Live from there on.
      output(2048);
      expect(link.outputSinceSnapshot()).toEqual({ bytes: 2048, contiguous: true, end: offset() });
    } finally {
      vi.useRealTimers();
    }
  });
});
