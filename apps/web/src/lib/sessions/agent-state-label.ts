import type { AgentStateName } from '@codepiper/protocol';

/** Words for an agent's state in badges and screen readers. */
const LABELS: Readonly<Record<AgentStateName, string>> = {
  'needs-approval': 'needs approval',
  'waiting-input': 'waiting for input',
  working: 'working',
  exited: 'exited',
  failed: 'failed',
};

export function agentStateLabel(state: AgentStateName): string {
  return LABELS[state];
}
