import { isAbsolute } from 'node:path';
import type { SessionRecord, SessionRepository } from '@codepiper/core';
import type { ClaudeHookPayload, PolicyVerdict } from '@codepiper/protocol';
import type { AgentEvent } from './agent-state-machine.js';
import type { ApprovalBroker } from './approval-broker.js';
import { NO_DECISION, permissionAllowReply, permissionDenyReply, preToolUseReply } from './claude-replies.js';
import type { PolicyPort } from './ports.js';

export interface ClaudeHookDeps {
  repo: SessionRepository;
  policy: PolicyPort;
  broker: ApprovalBroker;
  state: (sessionId: string, event: AgentEvent) => void;
  ingest: (session: SessionRecord) => void;
  /** The session object changed outside a state change (the model). */
  broadcast: (sessionId: string) => void;
  log: (message: string) => void;
}

/**
 * One Claude Code hook event for one session (already authenticated by its secret): updates the
 * session, moves its agent state, and for PreToolUse / PermissionRequest answers with the policy's or
 * the owner's decision. Resolves to the hook's stdout ('' = no decision).
 */
export async function handleClaudeHook(deps: ClaudeHookDeps, found: SessionRecord, payload: ClaudeHookPayload, signal: AbortSignal): Promise<string> {
  const session = noteSessionFacts(deps, found, payload);
  const tool = payload.tool_name ?? 'unknown tool';
  switch (payload.hook_event_name) {
    case 'SessionStart':
      deps.state(session.id, { kind: 'ready' });
      return NO_DECISION;
    case 'UserPromptSubmit':
      deps.state(session.id, { kind: 'prompt' });
      return NO_DECISION;
    case 'PreToolUse':
      return preToolUse(deps, session, tool, payload.tool_input);
    case 'PermissionRequest':
      return permissionRequest(deps, session, tool, payload.tool_input, signal);
    case 'Notification':
      deps.state(session.id, { kind: 'notification', type: payload.notification_type ?? '' });
      return NO_DECISION;
    case 'PostToolUse':
      deps.state(session.id, { kind: 'tool-done', tool });
      deps.ingest(session);
      return NO_DECISION;
    case 'Stop':
      deps.state(session.id, { kind: 'turn-finished' });
      deps.ingest(session);
      return NO_DECISION;
    case 'SessionEnd':
      deps.state(session.id, { kind: 'session-end', reason: payload.reason ?? '' });
      deps.ingest(session);
      return NO_DECISION;
    default:
      // Newer versions add events; they change nothing here.
      return NO_DECISION;
  }
}

/** The transcript path (every payload carries it) and the model (SessionStart), when new. */
function noteSessionFacts(deps: ClaudeHookDeps, session: SessionRecord, payload: ClaudeHookPayload): SessionRecord {
  const transcript = payload.transcript_path;
  const transcriptChanged = transcript !== undefined && transcript !== session.transcriptPath && isAbsolute(transcript) && transcript.endsWith('.jsonl');
  const model = payload.hook_event_name === 'SessionStart' && payload.model ? payload.model.slice(0, 200) : undefined;
  const modelChanged = model !== undefined && model !== session.model;
  if (!transcriptChanged && !modelChanged) return session;
  const updated = deps.repo.update(session.id, { ...(transcriptChanged ? { transcriptPath: transcript } : {}), ...(modelChanged ? { model } : {}) });
  if (modelChanged) deps.broadcast(session.id);
  return updated;
}

function evaluate(deps: ClaudeHookDeps, session: SessionRecord, tool: string, toolInput: unknown): PolicyVerdict | null {
  try {
    return deps.policy.evaluate({ tool, toolInput, provider: 'claude', sessionId: session.id, cwd: session.cwd });
  } catch (error) {
    // A broken rule must not let a call through: with no verdict the owner is asked.
    deps.log(`policy evaluation for session ${session.id} failed: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

function ruleReason(verdict: PolicyVerdict): string {
  const rule = verdict.rule!;
  return `CodePiper rule ${rule.id}: ${rule.reason ?? verdict.explanation}`;
}

/**
 * Before the tool runs: a rule's allow or deny decides at once (no dialog); an explicit ask rule forces
 * Claude's permission flow, which then fires PermissionRequest; no rule leaves it to Claude's own
 * defaults (tools that need no permission just run).
 */
function preToolUse(deps: ClaudeHookDeps, session: SessionRecord, tool: string, toolInput: unknown): string {
  const verdict = evaluate(deps, session, tool, toolInput);
  if (verdict?.rule && verdict.action !== 'ask') {
    deps.broker.recordRuleDecision(session, 'PreToolUse', tool, toolInput, verdict.rule);
    deps.state(session.id, verdict.action === 'allow' ? { kind: 'tool', tool } : { kind: 'tool-denied', tool });
    return preToolUseReply(verdict.action, ruleReason(verdict));
  }
  deps.state(session.id, { kind: 'tool', tool });
  if (verdict?.rule) return preToolUseReply('ask', `CodePiper rule ${verdict.rule.id} asks the owner`);
  return NO_DECISION;
}

/**
 * Claude asks for permission (its dialog is already drawn): a rule decides, or the call is held for
 * the owner until approve, deny, the approval timeout (empty answer: the terminal dialog stays and is
 * answered there) or the hook going away (answered in the terminal).
 */
async function permissionRequest(deps: ClaudeHookDeps, session: SessionRecord, tool: string, toolInput: unknown, signal: AbortSignal): Promise<string> {
  const verdict = evaluate(deps, session, tool, toolInput);
  if (verdict?.rule && verdict.action === 'allow') {
    deps.broker.recordRuleDecision(session, 'PermissionRequest', tool, toolInput, verdict.rule);
    deps.state(session.id, { kind: 'tool', tool });
    return permissionAllowReply();
  }
  if (verdict?.rule && verdict.action === 'deny') {
    deps.broker.recordRuleDecision(session, 'PermissionRequest', tool, toolInput, verdict.rule);
    deps.state(session.id, { kind: 'tool-denied', tool });
    return permissionDenyReply(ruleReason(verdict));
  }
  const outcome = await deps.broker.hold({ session, event: 'PermissionRequest', tool, input: toolInput, signal });
  switch (outcome.status) {
    case 'approved':
      return permissionAllowReply();
    case 'denied':
      return permissionDenyReply(`Denied by the owner in CodePiper${outcome.reason ? `: ${outcome.reason}` : ''}`);
    default:
      return NO_DECISION;
  }
}
