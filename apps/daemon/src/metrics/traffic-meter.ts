import type { Server } from 'node:http';
import type { Socket } from 'node:net';

interface Totals {
  received: number;
  sent: number;
}

/**
 * Bytes in and out of the daemon's listeners, HTTP and WebSocket alike (an upgraded WebSocket keeps
 * its HTTP connection's socket): the sockets' own counters, summed over closed connections plus the
 * open ones at scrape time, so nothing on the data path is touched.
 */
export class TrafficMeter {
  private readonly closed = new Map<string, Totals>();
  private readonly open = new Map<Socket, string>();

  watch(server: Server, listener: string): void {
    if (!this.closed.has(listener)) this.closed.set(listener, { received: 0, sent: 0 });
    server.on('connection', (socket: Socket) => {
      this.open.set(socket, listener);
      socket.once('close', () => {
        this.open.delete(socket);
        const totals = this.closed.get(listener)!;
        totals.received += socket.bytesRead;
        totals.sent += socket.bytesWritten;
      });
    });
  }

  /** Per listener, since the daemon started. */
  totals(): Map<string, Totals> {
    const result = new Map<string, Totals>();
    for (const [listener, totals] of this.closed) result.set(listener, { ...totals });
    for (const [socket, listener] of this.open) {
      const totals = result.get(listener)!;
      totals.received += socket.bytesRead;
      totals.sent += socket.bytesWritten;
    }
    return result;
  }
}
