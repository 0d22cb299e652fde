import { z } from 'zod';

/**
 * An agent session's state, driven by its hooks (never by reading the screen):
 * `working` (a prompt or tool is being processed), `waiting-input` (the turn finished), `needs-approval`
 * (a tool call waits for the owner), `exited` (the agent ended normally), `failed` (it crashed).
 */
export const AGENT_STATES = ['working', 'waiting-input', 'needs-approval', 'exited', 'failed'] as const;
export const AgentStateNameSchema = z.enum(AGENT_STATES);
export type AgentStateName = z.infer<typeof AgentStateNameSchema>;

export const AgentStateSchema = z.object({
  state: AgentStateNameSchema,
  /** Why it changed, for people: "tool Bash", "turn finished", "exit code 1"… */
  reason: z.string(),
  /** When it changed (ISO 8601). */
  at: z.string(),
});
export type AgentState = z.infer<typeof AgentStateSchema>;

/** Sort weight for lists: sessions that need the owner come first. */
export function agentStateUrgency(state: AgentStateName | undefined): number {
  switch (state) {
    case 'needs-approval':
      return 0;
    case 'waiting-input':
      return 1;
    case 'failed':
      return 2;
    case 'working':
      return 3;
    default:
      return 4;
  }
}
