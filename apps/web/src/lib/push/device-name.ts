/** User-Agent Client Hints, where the browser has them (Chromium): the platform without guessing. */
export interface ClientHints {
  platform?: string;
  mobile?: boolean;
}

/**
 * "Chrome on Android", "Safari on iPhone", "Firefox on Linux": what this browser is called in the
 * devices list until the owner names it. Only the families a dashboard is realistically opened in.
 */
export function deviceName(userAgent: string, hints: ClientHints = {}, maxTouchPoints = 0): string {
  const browser = browserOf(userAgent);
  const system = systemOf(userAgent, hints, maxTouchPoints);
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? 'This browser';
}

/** The platform the daemon records beside the name, when the User-Agent alone is vague. */
export function platformOf(userAgent: string, hints: ClientHints = {}, maxTouchPoints = 0): string | undefined {
  return systemOf(userAgent, hints, maxTouchPoints) ?? undefined;
}

function browserOf(ua: string): string | undefined {
  // Order matters: Edge and Opera carry "Chrome", Chrome carries "Safari", iOS browsers say CriOS/FxiOS.
  if (/\bEdg(?:e|A|iOS)?\//.test(ua)) return 'Edge';
  if (/\bOPR\//.test(ua)) return 'Opera';
  if (/\bSamsungBrowser\//.test(ua)) return 'Samsung Internet';
  if (/\b(?:Firefox|FxiOS)\//.test(ua)) return 'Firefox';
  if (/\b(?:Chrome|CriOS|Chromium)\//.test(ua)) return 'Chrome';
  if (/\bSafari\//.test(ua) && /\bVersion\//.test(ua)) return 'Safari';
  return undefined;
}

function systemOf(ua: string, hints: ClientHints, maxTouchPoints: number): string | undefined {
  if (/\biPhone\b|\biPod\b/.test(ua)) return 'iPhone';
  // iPadOS asks for desktop pages as a Mac; only its touch screen gives it away.
  if (/\biPad\b/.test(ua) || (/\bMacintosh\b/.test(ua) && maxTouchPoints > 1)) return 'iPad';
  const hinted = hints.platform?.trim();
  if (hinted) return hinted === 'Chrome OS' ? 'ChromeOS' : hinted;
  if (/\bAndroid\b/.test(ua)) return 'Android';
  if (/\bCrOS\b/.test(ua)) return 'ChromeOS';
  if (/\bMac OS X\b|\bMacintosh\b/.test(ua)) return 'macOS';
  if (/\bWindows\b/.test(ua)) return 'Windows';
  if (/\bLinux\b/.test(ua)) return 'Linux';
  return undefined;
}
