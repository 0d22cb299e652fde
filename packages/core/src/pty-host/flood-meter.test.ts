import { describe, expect, it } from 'vitest';
import { FloodMeter } from './flood-meter.js';

// Arrival times are given explicitly: the meter reads no clock of its own.
describe('flood meter', () => {
  it('does not call interactive output a flood', () => {
    const meter = new FloodMeter(1000, 100);
    // Echoes and a redraw: 900 bytes within one window.
    for (let t = 0; t < 90; t += 10) expect(meter.add(100, t)).toBe(false);
  });

  it('calls a window a flood once it holds the threshold', () => {
    const meter = new FloodMeter(1000, 100);
    expect(meter.add(600, 0)).toBe(false);
    expect(meter.add(400, 50)).toBe(true);
    expect(meter.add(1, 60)).toBe(true);
  });

  it('keeps a steady flood a flood from the first byte of each new window', () => {
    const meter = new FloodMeter(1000, 100);
    const verdicts: boolean[] = [];
    // 2000 bytes per 100 ms in 100-byte pieces, for a second.
    for (let t = 0; t < 1000; t += 5) verdicts.push(meter.add(100, t));
    expect(verdicts.indexOf(false)).toBe(0);
    expect(verdicts.lastIndexOf(false)).toBeLessThan(10);
  });

  it('ends a flood once a window passes below the threshold', () => {
    const meter = new FloodMeter(1000, 100);
    expect(meter.add(5000, 0)).toBe(true);
    // The next window follows a flooded one: still a flood.
    expect(meter.add(10, 150)).toBe(true);
    // That window held 10 bytes: the one after it is interactive again.
    expect(meter.add(10, 260)).toBe(false);
  });

  it('forgets a flood after a silent window', () => {
    const meter = new FloodMeter(1000, 100);
    expect(meter.add(5000, 0)).toBe(true);
    expect(meter.add(10, 250)).toBe(false);
  });
});
