/**
 * The two things the WebSocket client needs from the browser, as interfaces: a socket and a clock.
 * The browser's WebSocket and window timers satisfy them; tests pass small fakes, so the reconnect and
 * stream logic runs in Node without a DOM.
 */

export interface SocketCloseEvent {
  code: number;
  reason: string;
}

export interface SocketLike {
  binaryType: string;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: SocketCloseEvent) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => SocketLike;

export type TimerHandle = unknown;

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock; wrapped so `this` is never lost when the methods are passed around. */
export const browserClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};
