/** What one WebSocket client last said it shows (a `presence` message). */
export interface PresenceState {
  session: string | null;
  visible: boolean;
  /** The push subscription endpoint of the browser the client runs in, when it has one. */
  endpoint?: string | undefined;
}

/**
 * Which devices are looking at which session right now, per WebSocket connection: a device counts as
 * viewing a session while any of its connections reports that session in a visible tab. A connection
 * that closes takes its presence with it.
 */
export class PresenceTracker {
  private readonly clients = new Map<string, PresenceState>();

  update(clientId: string, state: PresenceState): void {
    this.clients.set(clientId, { session: state.session, visible: state.visible, ...(state.endpoint !== undefined ? { endpoint: state.endpoint } : {}) });
  }

  drop(clientId: string): void {
    this.clients.delete(clientId);
  }

  /** Whether the device subscribed with `endpoint` shows `sessionId` in a visible tab. */
  isViewing(endpoint: string, sessionId: string): boolean {
    for (const state of this.clients.values()) {
      if (state.visible && state.session === sessionId && state.endpoint === endpoint) return true;
    }
    return false;
  }

  get size(): number {
    return this.clients.size;
  }
}
