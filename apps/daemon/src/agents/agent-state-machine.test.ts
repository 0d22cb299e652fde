import { describe, expect, it } from 'vitest';
import type { AgentStateName } from '@codepiper/protocol';
import { nextAgentState, type AgentEvent } from './agent-state-machine.js';

/** Runs events from `start` and returns the state names each change led to. */
function run(start: AgentStateName | null, events: AgentEvent[]): string[] {
  let current = start;
  const seen: string[] = [];
  for (const event of events) {
    const next = nextAgentState(current, event);
    if (next) {
      current = next.state;
      seen.push(`${next.state}: ${next.reason}`);
    }
  }
  return seen;
}

describe('nextAgentState', () => {
  it('follows an approved tool turn: working → waiting-input → working → needs-approval → working → waiting-input', () => {
    expect(
      run(null, [
        { kind: 'launched' },
        { kind: 'ready' },
        { kind: 'prompt' },
        { kind: 'tool', tool: 'Bash' },
        { kind: 'approval-pending', tool: 'Bash' },
        { kind: 'notification', type: 'permission_prompt' },
        { kind: 'approval-decided', tool: 'Bash', approved: true },
        { kind: 'tool-done', tool: 'Bash' },
        { kind: 'turn-finished' },
      ]),
    ).toEqual([
      'working: starting',
      'waiting-input: ready',
      'working: prompt',
      'working: tool Bash',
      'needs-approval: Bash waits for approval',
      'working: Bash approved',
      'working: tool Bash done',
      'waiting-input: turn finished',
    ]);
  });

  it('enters needs-approval on a permission prompt notification only when not already there', () => {
    expect(nextAgentState('working', { kind: 'notification', type: 'permission_prompt' })).toEqual({ state: 'needs-approval', reason: 'permission prompt in the terminal' });
    expect(nextAgentState('needs-approval', { kind: 'notification', type: 'permission_prompt' })).toBeNull();
    expect(nextAgentState('waiting-input', { kind: 'notification', type: 'idle_prompt' })).toEqual({ state: 'waiting-input', reason: 'idle' });
    expect(nextAgentState('working', { kind: 'notification', type: 'auth_success' })).toBeNull();
  });

  it('keeps needs-approval after a timeout (the terminal prompt waits) and leaves it when answered there', () => {
    expect(run('needs-approval', [{ kind: 'approval-timeout', tool: 'Bash' }, { kind: 'approval-cancelled', tool: 'Bash' }])).toEqual([
      'needs-approval: Bash waits for an answer in the terminal',
      'working: Bash answered in the terminal',
    ]);
    expect(nextAgentState('working', { kind: 'approval-cancelled', tool: 'Bash' })).toBeNull();
  });

  it('waits for input after a prompt refused in the terminal, which interrupts the turn without a Stop', () => {
    expect(nextAgentState('needs-approval', { kind: 'approval-refused', tool: 'Bash' })).toEqual({ state: 'waiting-input', reason: 'Bash refused in the terminal' });
  });

  it('ends with SessionEnd, except for /clear, and marks a crash as failed', () => {
    expect(nextAgentState('waiting-input', { kind: 'session-end', reason: 'prompt_input_exit' })).toEqual({ state: 'exited', reason: 'session ended (prompt_input_exit)' });
    expect(nextAgentState('waiting-input', { kind: 'session-end', reason: 'clear' })).toBeNull();
    expect(nextAgentState('exited', { kind: 'process-exit', exitCode: 0, signal: null, stopped: false })).toBeNull();
    expect(nextAgentState('exited', { kind: 'process-exit', exitCode: 3, signal: null, stopped: false })).toEqual({ state: 'failed', reason: 'exit code 3' });
    expect(nextAgentState('working', { kind: 'process-exit', exitCode: null, signal: 'SIGSEGV', stopped: false })).toEqual({ state: 'failed', reason: 'killed by SIGSEGV' });
    expect(nextAgentState('working', { kind: 'process-exit', exitCode: 0, signal: null, stopped: false })).toEqual({ state: 'exited', reason: 'exit code 0' });
    expect(nextAgentState('working', { kind: 'process-exit', exitCode: null, signal: 'SIGHUP', stopped: true })).toEqual({ state: 'exited', reason: 'stopped' });
  });

  it('ignores hook events once the agent has ended', () => {
    for (const event of [{ kind: 'prompt' }, { kind: 'turn-finished' }, { kind: 'approval-cancelled', tool: 'Bash' }] as AgentEvent[]) {
      expect(nextAgentState('exited', event)).toBeNull();
      expect(nextAgentState('failed', event)).toBeNull();
    }
  });
});
