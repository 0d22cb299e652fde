import { describe, expect, it } from 'vitest';
import { defaultDeviceName, platformLabel } from './device-name.js';

const UA = {
  androidChrome: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  iphoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  macFirefox: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0',
  windowsEdge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
};

describe('platformLabel', () => {
  it('names common browsers and systems', () => {
    expect(platformLabel(UA.androidChrome)).toBe('Chrome on Android');
    expect(platformLabel(UA.iphoneSafari)).toBe('Safari on iOS');
    expect(platformLabel(UA.macFirefox)).toBe('Firefox on macOS');
    expect(platformLabel(UA.windowsEdge)).toBe('Edge on Windows');
  });

  it("falls back to the page's own platform, then to nothing", () => {
    expect(platformLabel('curl/8.0', 'Linux')).toBe('Linux');
    expect(platformLabel(undefined)).toBeNull();
    expect(defaultDeviceName(undefined)).toBe('browser');
  });
});
