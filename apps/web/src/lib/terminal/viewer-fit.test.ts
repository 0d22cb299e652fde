import { describe, expect, it } from 'vitest';
import { viewerScale } from './viewer-fit';

describe('viewerScale', () => {
  it('does not enlarge a pty that already fits', () => {
    expect(viewerScale({ width: 1000, height: 800 }, { width: 600, height: 400 })).toBe(1);
  });

  it('shrinks a wider pty to the box width', () => {
    expect(viewerScale({ width: 400, height: 800 }, { width: 800, height: 300 })).toBe(0.5);
    expect(viewerScale({ width: 600, height: 800 }, { width: 800, height: 300 })).toBe(0.75);
  });

  it('shrinks a taller pty to the box height', () => {
    expect(viewerScale({ width: 1000, height: 300 }, { width: 500, height: 400 })).toBe(0.75);
  });

  it('stops at the readable minimum and lets the box scroll', () => {
    expect(viewerScale({ width: 100, height: 800 }, { width: 1000, height: 300 }, 0.5)).toBe(0.5);
  });
});
