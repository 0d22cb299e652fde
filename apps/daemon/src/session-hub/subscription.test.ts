import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, type ServerMessage } from '@codepiper/protocol';
import { CLIENT_HIGH_WATERMARK, FLOW_HIGH_WATERMARK } from '../constants.js';
import type { ClientLink } from './client-link.js';
import { Subscription } from './subscription.js';

class RecordingLink implements ClientLink {
  readonly id = 'test';
  frames: Uint8Array[] = [];
  pendingBytes = 0;
  closed = false;
  sendJson(_message: ServerMessage): void {}
  sendFrame(frame: Uint8Array): void {
    this.frames.push(frame);
  }
}

const ID = 'a1b2c3d4';
const payload = (text: string): Uint8Array => new TextEncoder().encode(text);
const frameAt = (offset: number, text: string) => {
  const p = payload(text);
  return [encodeFrame('output', ID, offset, p), offset, p] as const;
};
const received = (link: RecordingLink): string =>
  link.frames.map((f) => new TextDecoder().decode(decodeFrame(f).payload)).join('');

function liveSub(link: RecordingLink, cursor: number, flow = false): Subscription {
  const sub = new Subscription(link, ID, false, flow);
  sub.cursor = cursor;
  sub.acked = cursor;
  sub.state = 'live';
  return sub;
}

describe('Subscription', () => {
  it('forwards the very same frame when it continues the stream', () => {
    const link = new RecordingLink();
    const sub = liveSub(link, 0);
    const [frame, offset, data] = frameAt(0, 'abc');
    expect(sub.deliver(frame, offset, data)).toBe(true);
    expect(link.frames[0]).toBe(frame);
    expect(sub.cursor).toBe(3);
  });

  it('skips bytes already sent and trims an overlapping frame, so nothing is duplicated', () => {
    const link = new RecordingLink();
    const sub = liveSub(link, 5);
    sub.deliver(...frameAt(0, 'abcde'));
    sub.deliver(...frameAt(3, 'defgh'));
    expect(received(link)).toBe('fgh');
    expect(decodeFrame(link.frames[0]!).offset).toBe(5);
    expect(sub.cursor).toBe(8);
  });

  it('reports a gap instead of sending bytes out of order', () => {
    const link = new RecordingLink();
    const sub = liveSub(link, 0);
    expect(sub.deliver(...frameAt(10, 'late'))).toBe(false);
    expect(link.frames).toHaveLength(0);
  });

  it('pauses, keeping its place, when the socket holds more than the high watermark', () => {
    const link = new RecordingLink();
    const sub = liveSub(link, 0);
    link.pendingBytes = CLIENT_HIGH_WATERMARK + 1;
    sub.deliver(...frameAt(0, 'x'));
    expect(sub.state).toBe('paused');
    expect(sub.cursor).toBe(1);
  });

  it('encodes a frame for a payload handed over without one', () => {
    const link = new RecordingLink();
    const sub = liveSub(link, 0);
    sub.deliver(undefined, 0, payload('abc'));
    expect(received(link)).toBe('abc');
  });

  it('pauses when a flow-controlled client has not acknowledged enough', () => {
    const link = new RecordingLink();
    const sub = liveSub(link, 0, true);
    const big = 'y'.repeat(FLOW_HIGH_WATERMARK + 1);
    sub.deliver(...frameAt(0, big));
    expect(sub.state).toBe('paused');
    sub.acked = sub.cursor;
    expect(sub.underLowWatermark()).toBe(true);
  });
});
