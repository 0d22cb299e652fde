import type { Approval, CreateSessionRequest, ProviderName } from '@codepiper/protocol';
import type { SessionRecord } from '@codepiper/core';

/** How to start an agent session instead of a plain command. */
export interface AgentLaunch {
  command: string[];
  /** Added to the environment last, so a request's `env` cannot override them. */
  env: Record<string, string>;
  /** Removed from the inherited environment. */
  unsetEnv: string[];
  /** Stored with the new session (provider, conversation id, model, hook secret hash, first state). */
  record: Pick<SessionRecord, 'provider' | 'providerSessionId' | 'model' | 'hookSecretHash' | 'agentState' | 'agentStateReason' | 'agentStateAt'>;
}

/**
 * What the session hub asks of the agents module (apps/daemon/src/agents). The hub stays ignorant of
 * providers, hooks and approvals; it only calls these at the points of a session's life they concern.
 */
export interface SessionAgentHooks {
  /** Before the spawn of a session with an agent provider: the launch, with its files written. */
  prepare(input: { id: string; provider: Exclude<ProviderName, 'shell'>; request: CreateSessionRequest; cwd: string }): Promise<AgentLaunch>;
  /** A session ended (exit, signal, lost pty host); `record` is its row after the end was recorded. */
  ended(record: SessionRecord, exit: { exitCode: number | null; signal: string | null }): void;
  /** Input written to a running session (API or an attached client). */
  input(id: string, data: string | Uint8Array): void;
  /** Pending approvals, sent to session-feed subscribers right after the session list. */
  pendingApprovals(): Approval[];
}
