import { isAbsolute } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { SessionRecord, SessionRepository } from '@codepiper/core';
import type { ClaudeHookPayload, PolicyVerdict } from '@codepiper/protocol';
import type { AgentEvent } from './agent-state-machine.js';
import type { ApprovalBroker, HeldCall } from './approval-broker.js';
import { NO_DECISION, permissionAllowReply, permissionDenyReply, preToolUseReply } from './claude-replies.js';
import type { PolicyPort } from './ports.js';
import type { ToolCallLog } from './tool-call-log.js';

export interface ClaudeHookDeps {
  repo: SessionRepository;
  policy: PolicyPort;
  broker: ApprovalBroker;
  /** Tool calls announced by PreToolUse, to tell which call a PermissionRequest is about. */
  calls: ToolCallLog;
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
  const promptId = payload.prompt_id;
  const answered = (past: (call: HeldCall) => boolean): void => void deps.broker.settleAnsweredInTerminal(session.id, past);
  switch (payload.hook_event_name) {
    case 'SessionStart':
      deps.state(session.id, { kind: 'ready' });
      return NO_DECISION;
    case 'UserPromptSubmit':
      // A new prompt: whatever the last turn asked was answered (or dropped) in the terminal.
      answered(() => true);
      deps.state(session.id, { kind: 'prompt' });
      return NO_DECISION;
    case 'PreToolUse':
      if (payload.tool_use_id) deps.calls.record(session.id, { toolUseId: payload.tool_use_id, promptId, tool, input: payload.tool_input });
      answered((call) => nextCallAfter(call, promptId, payload.tool_use_id));
      return preToolUse(deps, session, tool, payload.tool_input);
    case 'PermissionRequest':
      return permissionRequest(deps, session, { tool, input: payload.tool_input, ...ids(deps, session, promptId, tool, payload.tool_input) }, signal);
    case 'Notification':
      deps.state(session.id, { kind: 'notification', type: payload.notification_type ?? '' });
      return NO_DECISION;
    case 'PostToolUse':
      // The held call ran: its dialog was answered yes in the terminal.
      answered((call) => (call.toolUseId !== undefined ? call.toolUseId === payload.tool_use_id : call.tool === tool && isDeepStrictEqual(call.input, payload.tool_input)));
      deps.state(session.id, { kind: 'tool-done', tool });
      deps.ingest(session);
      return NO_DECISION;
    case 'Stop':
      // The turn is over, so none of its calls waits any more (a call that failed has no PostToolUse).
      answered((call) => call.promptId === undefined || promptId === undefined || call.promptId === promptId);
      deps.state(session.id, { kind: 'turn-finished' });
      deps.ingest(session);
      return NO_DECISION;
    case 'SessionEnd':
      deps.calls.forget(session.id);
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

/** What identifies the call a PermissionRequest is about: its prompt, and the id its PreToolUse announced. */
function ids(deps: ClaudeHookDeps, session: SessionRecord, promptId: string | undefined, tool: string, input: unknown): Pick<HeldCall, 'promptId' | 'toolUseId'> {
  const toolUseId = deps.calls.find(session.id, promptId, tool, input);
  return { ...(promptId !== undefined ? { promptId } : {}), ...(toolUseId !== undefined ? { toolUseId } : {}) };
}

/**
 * Tools Claude Code runs one at a time when they need permission (a Bash command that is not read-only,
 * file edits): the next call of the same turn starts only once the held one is over. Read-only tools
 * (Read, WebFetch, …) may run side by side, so a sibling's PreToolUse says nothing about them.
 */
const SERIAL_TOOLS: ReadonlySet<string> = new Set(['Bash', 'Edit', 'MultiEdit', 'Write', 'NotebookEdit']);

/** A new call of the same turn after a held serial one: the held call is over (it failed, so no PostToolUse came). */
function nextCallAfter(call: HeldCall, promptId: string | undefined, toolUseId: string | undefined): boolean {
  return SERIAL_TOOLS.has(call.tool) && call.promptId !== undefined && call.promptId === promptId && call.toolUseId !== undefined && toolUseId !== undefined && call.toolUseId !== toolUseId;
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
 * answered there), an answer in the terminal (a yes: the agent goes on, see handleClaudeHook; a no:
 * the agent ends the hook).
 */
async function permissionRequest(deps: ClaudeHookDeps, session: SessionRecord, call: HeldCall, signal: AbortSignal): Promise<string> {
  const { tool, input: toolInput } = call;
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
  const outcome = await deps.broker.hold({ ...call, session, event: 'PermissionRequest', signal });
  // Refused in the terminal, the turn ends with no Stop hook to pick up what the model had sent so far.
  if (outcome.status === 'cancelled') deps.ingest(session);
  switch (outcome.status) {
    case 'approved':
      return permissionAllowReply();
    case 'denied':
      return permissionDenyReply(`Denied by the owner in CodePiper${outcome.reason ? `: ${outcome.reason}` : ''}`);
    default:
      return NO_DECISION;
  }
}
