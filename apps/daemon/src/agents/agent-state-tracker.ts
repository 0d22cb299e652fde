import type { SessionRecord, SessionRepository } from '@codepiper/core';
import type { AgentStateName } from '@codepiper/protocol';
import { nextAgentState, type AgentEvent } from './agent-state-machine.js';

export interface AgentStateTrackerOptions {
  repo: SessionRepository;
  /** Sends the changed session to the WebSocket session feed. */
  broadcast: (sessionId: string) => void;
  /** After each change, with the state before it (push notifications listen here). */
  onChange?: (session: SessionRecord, previous: AgentStateName | null) => void;
  now?: () => Date;
}

/**
 * Applies agent events to sessions: the row (state, reason, time), an `agent-state` session event
 * when the state itself changes (the history users and tests read), and the live session feed.
 * A new reason within the same state ("tool Bash" → "tool Bash done") updates the row and the feed
 * but adds no event, so a long session's history stays one line per state change.
 */
export class AgentStateTracker {
  constructor(private readonly options: AgentStateTrackerOptions) {}

  apply(sessionId: string, event: AgentEvent): void {
    const record = this.options.repo.get(sessionId);
    if (!record || record.agentState === null) return;
    const next = nextAgentState(record.agentState, event);
    if (!next || (next.state === record.agentState && next.reason === record.agentStateReason)) return;
    const at = (this.options.now?.() ?? new Date()).toISOString();
    const updated = this.options.repo.update(
      sessionId,
      { agentState: next.state, agentStateReason: next.reason, agentStateAt: at },
      next.state !== record.agentState ? { type: 'agent-state', data: { state: next.state, reason: next.reason } } : undefined,
    );
    this.options.broadcast(sessionId);
    this.options.onChange?.(updated, record.agentState);
  }
}
