import { codexHome, findCodexRollout, type SessionRecord, type SessionRepository } from '@codepiper/core';
import type { CodexNotifyPayload } from '@codepiper/protocol';
import type { AgentEvent } from './agent-state-machine.js';

export interface CodexNotifyDeps {
  repo: SessionRepository;
  state: (sessionId: string, event: AgentEvent) => void;
  ingest: (session: SessionRecord) => void;
  /** The environment the session inherited (for CODEX_HOME). */
  env: Record<string, string | undefined>;
}

/**
 * Codex's `notify` event (only `agent-turn-complete` today): the turn finished, so the session waits
 * for input; the thread's rollout becomes the session's transcript and is ingested for usage.
 */
export async function handleCodexNotify(deps: CodexNotifyDeps, found: SessionRecord, payload: CodexNotifyPayload): Promise<string> {
  if (payload.type !== 'agent-turn-complete') return '';
  deps.state(found.id, { kind: 'turn-finished' });
  let session = found;
  const thread = payload['thread-id'] ?? session.providerSessionId;
  if (thread && !session.transcriptPath) {
    const rollout = await findCodexRollout(codexHome(deps.env), thread);
    if (rollout) session = deps.repo.update(session.id, { transcriptPath: rollout });
  }
  deps.ingest(session);
  return '';
}
