import { request as httpRequest, type IncomingMessage } from 'node:http';
import { fromDaemonResponse, fromNetworkError, tokenMissing, tokenRefused, type CliError, type CodeHints } from '../errors.js';
import type { RemoteTarget } from '../target/index.js';
import { sendRequest } from './http-call.js';
import type { HttpCall, Transport, WebSocketTarget } from './transport.js';

/**
 * A daemon reached by URL: HTTP(S) to `<url>/api/…` and a WebSocket at `<url>/ws`, each carrying the
 * API token as `Authorization: Bearer`. No Origin header is ever sent: the daemon accepts a missing
 * Origin only together with a bearer token, which is exactly this client. TLS is verified against
 * Node's trusted CAs (plus NODE_EXTRA_CA_CERTS); there is deliberately no way to switch that off.
 */
export class UrlTransport implements Transport {
  readonly kind = 'remote';
  readonly label: string;
  /** The URL's path without its trailing slash: a daemon behind a proxy may live under a prefix. */
  private readonly basePath: string;

  constructor(readonly target: RemoteTarget) {
    this.basePath = target.url.pathname.replace(/\/+$/, '');
    this.label = `the daemon at ${target.display}`;
  }

  async open(call: HttpCall): Promise<IncomingMessage> {
    const url = this.target.url;
    const secure = url.protocol === 'https:';
    // node:https (and with it the TLS stack) is loaded only by the commands that need it.
    const request = secure ? (await import('node:https')).request : httpRequest;
    const headers = this.authorization(call.anonymous === true);
    const options = { host: unbracket(url.hostname), port: url.port === '' ? (secure ? 443 : 80) : Number(url.port), headers };
    return sendRequest({ request, options }, { ...call, path: `${this.basePath}${call.path}` }, this);
  }

  webSocket(): WebSocketTarget {
    const url = this.target.url;
    const scheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return { address: `${scheme}//${url.host}${this.basePath}/ws`, options: { headers: this.authorization(false) } };
  }

  connectionError(error: unknown): CliError {
    return fromNetworkError(error, this.target.display);
  }

  responseError(status: number, body: string, hints?: CodeHints): CliError {
    // The token is the only credential this client sends, so a 401 is always about the token.
    if (status === 401) return this.target.token === undefined ? tokenMissing(this.target.urlSource) : tokenRefused(this.target.tokenSource);
    return fromDaemonResponse(status, body, hints);
  }

  private authorization(anonymous: boolean): Record<string, string> {
    const token = this.target.token;
    if (token === undefined) {
      if (anonymous) return {};
      throw tokenMissing(this.target.urlSource);
    }
    return { Authorization: `Bearer ${token}` };
  }
}

/** `[::1]` → `::1`: URL keeps the brackets of an IPv6 host, the socket layer wants the bare address. */
function unbracket(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}
