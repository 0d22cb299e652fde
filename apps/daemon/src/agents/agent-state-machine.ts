import type { AgentStateName } from '@codepiper/protocol';

/** Something that happened to an agent session, as its hooks and its process report it. */
export type AgentEvent =
  | { kind: 'launched' }
  /** SessionStart: the prompt is ready. */
  | { kind: 'ready' }
  /** UserPromptSubmit, or Enter typed into a Codex session. */
  | { kind: 'prompt' }
  /** PreToolUse. */
  | { kind: 'tool'; tool: string }
  /** PostToolUse. */
  | { kind: 'tool-done'; tool: string }
  /** A rule denied the call before it ran: the agent gets the reason and carries on. */
  | { kind: 'tool-denied'; tool: string }
  | { kind: 'approval-pending'; tool: string }
  | { kind: 'approval-decided'; tool: string; approved: boolean }
  /** Nobody answered in time: the agent shows its own prompt in the terminal. */
  | { kind: 'approval-timeout'; tool: string }
  /** The agent went on without a decision from CodePiper: the prompt was answered yes in the terminal. */
  | { kind: 'approval-cancelled'; tool: string }
  /** The agent ended the held hook: its prompt was refused in the terminal, which interrupts the turn (no Stop follows). */
  | { kind: 'approval-refused'; tool: string }
  /** Stop, or Codex's agent-turn-complete. */
  | { kind: 'turn-finished' }
  | { kind: 'notification'; type: string }
  | { kind: 'session-end'; reason: string }
  | { kind: 'process-exit'; exitCode: number | null; signal: string | null; stopped: boolean };

export interface AgentStateChange {
  state: AgentStateName;
  reason: string;
}

/**
 * The agent state after `event`, or null when the event changes nothing. Pure: the hooks decide, the
 * screen is never read. Once the agent has ended only its process exit can still change the state
 * (a crash after an orderly SessionEnd is still a failure).
 */
export function nextAgentState(current: AgentStateName | null, event: AgentEvent): AgentStateChange | null {
  if (current === 'exited' || current === 'failed') {
    if (event.kind !== 'process-exit' || current === 'failed') return null;
    return exitState(event) ?? null;
  }
  switch (event.kind) {
    case 'launched':
      return { state: 'working', reason: 'starting' };
    case 'ready':
      return { state: 'waiting-input', reason: 'ready' };
    case 'prompt':
      return { state: 'working', reason: 'prompt' };
    case 'tool':
      return { state: 'working', reason: `tool ${event.tool}` };
    case 'tool-done':
      return { state: 'working', reason: `tool ${event.tool} done` };
    case 'tool-denied':
      return { state: 'working', reason: `tool ${event.tool} denied by a rule` };
    case 'approval-pending':
      return { state: 'needs-approval', reason: `${event.tool} waits for approval` };
    case 'approval-decided':
      return { state: 'working', reason: `${event.tool} ${event.approved ? 'approved' : 'denied'}` };
    case 'approval-timeout':
      return { state: 'needs-approval', reason: `${event.tool} waits for an answer in the terminal` };
    case 'approval-cancelled':
      return current === 'needs-approval' ? { state: 'working', reason: `${event.tool} answered in the terminal` } : null;
    case 'approval-refused':
      return { state: 'waiting-input', reason: `${event.tool} refused in the terminal` };
    case 'turn-finished':
      return { state: 'waiting-input', reason: 'turn finished' };
    case 'notification':
      if (event.type === 'permission_prompt') return current === 'needs-approval' ? null : { state: 'needs-approval', reason: 'permission prompt in the terminal' };
      if (event.type === 'idle_prompt') return { state: 'waiting-input', reason: 'idle' };
      return null;
    case 'session-end':
      // /clear ends one conversation and starts the next in the same process.
      if (event.reason === 'clear') return null;
      return { state: 'exited', reason: event.reason ? `session ended (${event.reason})` : 'session ended' };
    case 'process-exit':
      return exitState(event) ?? { state: 'exited', reason: event.stopped ? 'stopped' : 'exit code 0' };
  }
}

/** The state a process exit leads to when it is not a clean one; undefined for a clean or requested end. */
function exitState(event: Extract<AgentEvent, { kind: 'process-exit' }>): AgentStateChange | undefined {
  if (event.stopped || (event.exitCode === 0 && !event.signal)) return undefined;
  return { state: 'failed', reason: event.signal ? `killed by ${event.signal}` : `exit code ${event.exitCode ?? '?'}` };
}
