import type { ServerMessage } from '@codepiper/protocol';

/**
 * What the hub needs from a connected client: the WebSocket gateway implements it. Keeping the hub on
 * this interface keeps it free of `ws` and testable with in-process links.
 */
export interface ClientLink {
  readonly id: string;
  sendJson(message: ServerMessage): void;
  sendFrame(frame: Uint8Array): void;
  /** Bytes handed to the socket that it has not yet flushed to the kernel. */
  readonly pendingBytes: number;
  readonly closed: boolean;
}
