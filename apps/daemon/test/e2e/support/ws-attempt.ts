import WebSocket from 'ws';

export type WsAttempt = { ok: true; socket: WebSocket } | { ok: false; status: number; body: string };

/**
 * Text messages received but not yet taken by nextJson. Recorded from the socket's creation: the
 * daemon's `hello` can arrive in the same read as the handshake, before any later listener exists.
 */
const unread = new WeakMap<WebSocket, any[]>();

/**
 * Opens a WebSocket and reports how the handshake ended: open, or refused with an HTTP status (0 when
 * the connection was dropped without an answer). Whatever opens must be closed by the caller.
 */
export function tryWebSocket(url: string, headers: Record<string, string> = {}): Promise<WsAttempt> {
  return new Promise((resolveAttempt) => {
    const socket = new WebSocket(url, { headers, perMessageDeflate: false });
    const inbox: any[] = [];
    unread.set(socket, inbox);
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) inbox.push(JSON.parse(data.toString('utf8')));
    });
    socket.once('open', () => resolveAttempt({ ok: true, socket }));
    socket.once('unexpected-response', (request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => {
        request.destroy();
        resolveAttempt({ ok: false, status: response.statusCode ?? 0, body });
      });
      response.on('error', () => resolveAttempt({ ok: false, status: response.statusCode ?? 0, body }));
    });
    socket.once('error', () => resolveAttempt({ ok: false, status: 0, body: '' }));
  });
}

/** Status of a refused handshake; fails the test when the WebSocket opened. */
export async function refusedStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  const attempt = await tryWebSocket(url, headers);
  if (attempt.ok) {
    attempt.socket.terminate();
    throw new Error(`the WebSocket ${url} opened but should have been refused`);
  }
  return attempt.status;
}

/** Opens a WebSocket that must be accepted. */
export async function openWebSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const attempt = await tryWebSocket(url, headers);
  if (!attempt.ok) throw new Error(`the WebSocket ${url} was refused with ${attempt.status}: ${attempt.body}`);
  return attempt.socket;
}

/** Resolves with the close code once the socket closes (at once if it already has). */
export function closed(socket: WebSocket): Promise<number> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
  return new Promise((resolveClose) => socket.once('close', (code: number) => resolveClose(code)));
}

/** The next text message, parsed. */
export function nextJson(socket: WebSocket, match: (message: any) => boolean = () => true): Promise<any> {
  const inbox = unread.get(socket) ?? [];
  const take = (): any => {
    const index = inbox.findIndex(match);
    return index < 0 ? undefined : inbox.splice(index, 1)[0];
  };
  const already = take();
  if (already !== undefined) return Promise.resolve(already);
  return new Promise((resolveMessage, reject) => {
    // Runs after the recorder above (listeners fire in order), so the message is already in the inbox.
    const onMessage = (_data: Buffer, isBinary: boolean): void => {
      if (isBinary) return;
      const message = take();
      if (message === undefined) return;
      socket.off('message', onMessage);
      socket.off('close', onClose);
      resolveMessage(message);
    };
    const onClose = (code: number): void => {
      socket.off('message', onMessage);
      reject(new Error(`the WebSocket closed (${code}) before the expected message`));
    };
    socket.on('message', onMessage);
    socket.once('close', onClose);
  });
}

export function wsUrls(daemon: { webPort: number | undefined; wsPort: number }): { web: string; dedicated: string } {
  return { web: `ws://127.0.0.1:${daemon.webPort}/ws`, dedicated: `ws://127.0.0.1:${daemon.wsPort}/ws` };
}
