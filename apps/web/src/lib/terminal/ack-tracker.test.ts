import { describe, expect, it } from 'vitest';
import { AckTracker } from './ack-tracker';

describe('AckTracker', () => {
  it('acknowledges once a window of parsed bytes has built up, not per write', () => {
    const acks: number[] = [];
    const tracker = new AckTracker((o) => acks.push(o), 100, 10);
    tracker.reset(0);
    const callbacks = Array.from({ length: 10 }, (_, i) => tracker.wrote(i * 30, 30));
    callbacks.forEach((done) => done());
    expect(acks).toEqual([120, 240, 300]);
  });

  it('acknowledges the rest when the terminal has caught up, unless it is tiny', () => {
    const acks: number[] = [];
    const tracker = new AckTracker((o) => acks.push(o), 100, 10);
    tracker.reset(1000);
    tracker.wrote(1000, 50)();
    expect(acks).toEqual([1050]);
    tracker.wrote(1050, 3)();
    expect(acks).toEqual([1050]);
  });

  it('waits for queued writes before the idle acknowledgement', () => {
    const acks: number[] = [];
    const tracker = new AckTracker((o) => acks.push(o), 100, 10);
    tracker.reset(0);
    const first = tracker.wrote(0, 20);
    const second = tracker.wrote(20, 20);
    first();
    expect(acks).toEqual([]);
    second();
    expect(acks).toEqual([40]);
  });

  it('ignores parse callbacks of writes made before a snapshot', () => {
    const acks: number[] = [];
    const tracker = new AckTracker((o) => acks.push(o), 100, 10);
    tracker.reset(0);
    const stale = tracker.wrote(0, 500);
    tracker.reset(2000);
    stale();
    expect(acks).toEqual([]);
    tracker.wrote(2000, 150)();
    expect(acks).toEqual([2150]);
  });

  it('never leaves more unacknowledged at rest than the daemon needs to resume', () => {
    // Default numbers: the daemon resumes a paused client below 32 KiB unacknowledged.
    const acks: number[] = [];
    const tracker = new AckTracker((o) => acks.push(o));
    tracker.reset(0);
    let offset = 0;
    for (const size of [70_000, 1, 4095, 9000, 31_000]) {
      tracker.wrote(offset, size)();
      offset += size;
      expect(offset - (acks.at(-1) ?? 0)).toBeLessThan(32 * 1024);
    }
  });
});
