import { authApi, ApiError } from '../api';
import { browserClock, WsClient, type ConnectionState, type SocketLike } from '../ws';

/**
 * The tab's one connection to the daemon, as reactive state for the pages. Browser events that mean
 * "try again now" (network back, tab visible again, page restored from the back-forward cache) wake
 * the client instead of waiting out its back-off.
 */
class Connection {
  state = $state<ConnectionState>({ kind: 'idle' });
  queued = $state(0);
  online = $state(true);
  readonly client: WsClient;
  private onLost: (() => void) | undefined;

  constructor() {
    this.client = new WsClient({
      url: () => `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`,
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      clock: browserClock,
      probeAuth: async () => {
        try {
          await authApi.me();
          return 'ok';
        } catch (error) {
          return error instanceof ApiError && error.status === 401 ? 'unauthorized' : 'unreachable';
        }
      },
      onUnauthorized: () => this.onLost?.(),
    });
    this.client.onChange(() => {
      this.state = this.client.state;
      this.queued = this.client.queuedInputs;
      this.online = this.client.isOnline;
    });
    this.client.setOnline(navigator.onLine);
    window.addEventListener('online', () => this.client.setOnline(true));
    window.addEventListener('offline', () => this.client.setOnline(false));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.client.wake();
    });
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) this.client.wake();
    });
  }

  /** Called when the daemon says the login is gone (socket closed with 4401, or a refused handshake). */
  setLostHandler(handler: (() => void) | undefined): void {
    this.onLost = handler;
  }

  start(): void {
    this.client.start();
  }

  stop(): void {
    this.client.stop();
  }
}

let instance: Connection | undefined;

/** The shared connection, created on first use (never during the build: pages render only in browsers). */
export function connection(): Connection {
  instance ??= new Connection();
  return instance;
}
