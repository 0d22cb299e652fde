/**
 * "Chrome on Android", "Safari on iOS", … from a User-Agent: the default name of a new device and its
 * platform column. Only the families a dashboard is realistically opened in; anything else is null.
 */
export function describeUserAgent(userAgent: string | undefined): { browser: string | null; os: string | null } {
  const ua = userAgent ?? '';
  return { browser: browserOf(ua), os: osOf(ua) };
}

export function platformLabel(userAgent: string | undefined, pagePlatform?: string): string | null {
  const { browser, os } = describeUserAgent(userAgent);
  const system = os ?? pagePlatform ?? null;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system;
}

export function defaultDeviceName(userAgent: string | undefined, pagePlatform?: string): string {
  return platformLabel(userAgent, pagePlatform) ?? 'browser';
}

function browserOf(ua: string): string | null {
  // Order matters: Edge and Opera carry "Chrome", Chrome carries "Safari", and iOS browsers say CriOS/FxiOS.
  if (/\bEdg(?:e|A|iOS)?\//.test(ua)) return 'Edge';
  if (/\bOPR\//.test(ua)) return 'Opera';
  if (/\bSamsungBrowser\//.test(ua)) return 'Samsung Internet';
  if (/\b(?:Firefox|FxiOS)\//.test(ua)) return 'Firefox';
  if (/\b(?:Chrome|CriOS|Chromium)\//.test(ua)) return 'Chrome';
  if (/\bSafari\//.test(ua) && /\bVersion\//.test(ua)) return 'Safari';
  return null;
}

function osOf(ua: string): string | null {
  if (/\b(?:iPhone|iPad|iPod)\b/.test(ua)) return 'iOS';
  if (/\bAndroid\b/.test(ua)) return 'Android';
  if (/\bCrOS\b/.test(ua)) return 'ChromeOS';
  if (/\bMac OS X\b|\bMacintosh\b/.test(ua)) return 'macOS';
  if (/\bWindows\b/.test(ua)) return 'Windows';
  if (/\bLinux\b/.test(ua)) return 'Linux';
  return null;
}
