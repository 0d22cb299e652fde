import { describe, expect, it } from 'vitest';
import { deviceName, platformOf } from './device-name';

const UA = {
  pixel: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  iphone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  ipadDesktop: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  firefoxLinux: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  edgeWindows: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
  chromeMacReduced: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
};

describe('deviceName', () => {
  it('names the browser and the platform', () => {
    expect(deviceName(UA.pixel)).toBe('Chrome on Android');
    expect(deviceName(UA.iphone)).toBe('Safari on iPhone');
    expect(deviceName(UA.firefoxLinux)).toBe('Firefox on Linux');
    expect(deviceName(UA.edgeWindows)).toBe('Edge on Windows');
    expect(deviceName(UA.chromeMacReduced)).toBe('Chrome on macOS');
  });

  it('sees an iPad behind its desktop User-Agent by its touch screen', () => {
    expect(deviceName(UA.ipadDesktop, {}, 5)).toBe('Safari on iPad');
    expect(deviceName(UA.ipadDesktop, {}, 0)).toBe('Safari on macOS');
  });

  it('prefers the client hints platform when the browser gives one', () => {
    expect(deviceName(UA.chromeMacReduced, { platform: 'Chrome OS' })).toBe('Chrome on ChromeOS');
    expect(platformOf(UA.pixel, { platform: 'Android' })).toBe('Android');
  });

  it('falls back to what it knows', () => {
    expect(deviceName('curl/8.0')).toBe('This browser');
    expect(platformOf('curl/8.0')).toBeUndefined();
  });
});
