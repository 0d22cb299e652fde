/** What the page can find out about push support without asking the owner anything. */
export interface PushEnvironment {
  /** https, or http://localhost: browsers offer service workers and push only there. */
  secureContext: boolean;
  serviceWorker: boolean;
  pushManager: boolean;
  notification: boolean;
  /** An iPhone or iPad (any browser there is Safari underneath). */
  ios: boolean;
  /** Opened as an installed app (from the Home Screen), not in a browser tab. */
  standalone: boolean;
}

export type PushSupport =
  | { kind: 'supported' }
  /** Plain http on a LAN address: push needs https (a reverse proxy) or localhost. */
  | { kind: 'insecure' }
  /** iOS offers push only to a dashboard added to the Home Screen and opened from there. */
  | { kind: 'ios-install' }
  | { kind: 'unsupported'; reason: string };

export function pushSupport(env: PushEnvironment): PushSupport {
  if (env.ios && !env.standalone) return { kind: 'ios-install' };
  if (!env.secureContext) return { kind: 'insecure' };
  if (!env.serviceWorker) return { kind: 'unsupported', reason: 'This browser has no service workers (a private window may turn them off).' };
  if (!env.pushManager || !env.notification) {
    return {
      kind: 'unsupported',
      reason: env.ios ? 'Push notifications on iPhone and iPad need iOS 16.4 or later.' : 'This browser does not support push notifications.',
    };
  }
  return { kind: 'supported' };
}

/** iPhone, iPod, or an iPad (which asks for desktop pages as a Mac, with a touch screen). */
export function isIos(userAgent: string, maxTouchPoints: number): boolean {
  return /\b(?:iPhone|iPad|iPod)\b/.test(userAgent) || (/\bMacintosh\b/.test(userAgent) && maxTouchPoints > 1);
}

/** The VAPID public key (base64url, as the daemon serves it) as the bytes pushManager.subscribe() takes. */
export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether a subscription was made with this server key (a daemon whose keys were renewed needs a new one). */
export function sameServerKey(subscribedWith: ArrayBuffer | null | undefined, key: Uint8Array): boolean {
  if (!subscribedWith) return true;
  const existing = new Uint8Array(subscribedWith);
  return existing.length === key.length && existing.every((byte, i) => byte === key[i]);
}
