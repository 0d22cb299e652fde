/**
 * Hook replies in the exact shapes Claude Code honours (see claude-code.md). An empty reply means
 * "no decision": Claude's own permission rules and prompt decide. A reply whose hookEventName does not
 * match the event is shown by Claude as an error, so each builder is tied to its event.
 */

export type PreToolUseDecision = 'allow' | 'deny' | 'ask';

export function preToolUseReply(decision: PreToolUseDecision, reason: string): string {
  return JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: reason } });
}

export function permissionAllowReply(): string {
  return JSON.stringify({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } } });
}

/** `message` reaches the model as the reason the tool did not run. */
export function permissionDenyReply(message: string): string {
  return JSON.stringify({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message } } });
}

export const NO_DECISION = '';
