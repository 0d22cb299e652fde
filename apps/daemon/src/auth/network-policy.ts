import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export interface NetworkPolicyOptions {
  /** Take the client address and scheme from X-Forwarded-For / X-Forwarded-Proto (a reverse proxy we trust). */
  trustProxy: boolean;
  /** Host names the daemon is reached by besides localhost and IP literals (e.g. `codepiper.example.com`). */
  publicHosts: readonly string[];
  /** Extra origins allowed to open WebSockets and send cookie-authenticated writes. */
  allowedOrigins: readonly string[];
  /** The dashboard's port, so that a page on it may open the dedicated WebSocket port. */
  webPort: () => number | undefined;
}

/**
 * The network-facing rules in one place: which Host headers are ours (DNS rebinding), which Origins
 * are ours (CSRF, cross-site WebSocket hijacking), who the client is and whether it used HTTPS.
 */
export class NetworkPolicy {
  private readonly publicHosts: Set<string>;
  private readonly allowedOrigins: Set<string>;

  constructor(private readonly options: NetworkPolicyOptions) {
    this.publicHosts = new Set(options.publicHosts.map((h) => h.toLowerCase()));
    this.allowedOrigins = new Set(options.allowedOrigins.map((o) => o.toLowerCase().replace(/\/+$/, '')));
  }

  get trustProxy(): boolean {
    return this.options.trustProxy;
  }

  /**
   * A Host header is ours when it names localhost, an IP literal (a browser that typed an address
   * cannot be DNS-rebound) or a configured public host. Anything else is a rebinding attempt.
   */
  hostAllowed(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false;
    const name = hostName(hostHeader);
    if (name === undefined) return false;
    if (name === 'localhost' || name.endsWith('.localhost')) return true;
    if (isIP(name) !== 0) return true;
    return this.publicHosts.has(name);
  }

  /** Origins that are "the dashboard itself" for a request that arrived with this Host. */
  originAllowed(origin: string, request: IncomingMessage): boolean {
    const normalised = origin.toLowerCase().replace(/\/+$/, '');
    if (this.allowedOrigins.has(normalised)) return true;
    let url: URL;
    try {
      url = new URL(normalised);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const requestHost = (request.headers.host ?? '').toLowerCase();
    const name = hostName(requestHost);
    if (name === undefined || url.hostname.replace(/^\[|\]$/g, '') !== name) return false;
    if (!this.hostAllowed(requestHost)) return false;
    // Same origin (the page and this listener share host and port), or the page on the dashboard's
    // port talking to the dedicated WebSocket port of the same host.
    if (url.host === requestHost) return true;
    const webPort = this.options.webPort();
    const originPort = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return webPort !== undefined && originPort === webPort;
  }

  /** The client's address: the socket's, or the proxy's last X-Forwarded-For entry when trusted. */
  clientIp(request: IncomingMessage): string {
    if (this.options.trustProxy) {
      const forwarded = headerValue(request.headers['x-forwarded-for']);
      const last = forwarded?.split(',').map((s) => s.trim()).filter(Boolean).at(-1);
      if (last) return last;
    }
    return request.socket.remoteAddress ?? 'unknown';
  }

  /** HTTPS directly, or announced by a trusted proxy. */
  isHttps(request: IncomingMessage): boolean {
    if ((request.socket as { encrypted?: boolean }).encrypted) return true;
    if (!this.options.trustProxy) return false;
    return headerValue(request.headers['x-forwarded-proto'])?.split(',')[0]?.trim().toLowerCase() === 'https';
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `example.com:3000` → `example.com`, `[::1]:9999` → `::1`; undefined when malformed. */
export function hostName(hostHeader: string): string | undefined {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end < 0) return undefined;
    const rest = host.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined;
    return host.slice(1, end);
  }
  const match = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(host);
  return match ? match[1] : undefined;
}
