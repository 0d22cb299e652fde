import type { ApprovalRecord, ApprovalRepository, AuditActor, AuditRepository, SessionRecord, SessionRepository } from '@codepiper/core';
import { PROVIDER_NAMES, type Approval, type ApprovalStatus, type PolicyRule, type ProviderName } from '@codepiper/protocol';
import { DaemonError } from '../errors.js';
import type { AgentEvent } from './agent-state-machine.js';
import type { PolicyPort } from './ports.js';

/** How a held tool call ended, as the hook reply needs it. */
export type HoldOutcome =
  | { status: 'approved'; approval: Approval }
  | { status: 'denied'; approval: Approval; reason: string | null }
  | { status: 'timeout'; approval: Approval }
  | { status: 'cancelled'; approval: Approval };

/** The tool call a hold is about, as far as the agent's hooks identify it. */
export interface HeldCall {
  tool: string;
  input: unknown;
  /** The user prompt whose turn made the call (Claude's prompt_id). */
  promptId?: string;
  /** The call's id, when the hook that asks could be matched with the call's announcement. */
  toolUseId?: string;
}

export interface HoldRequest extends HeldCall {
  session: SessionRecord;
  /** The hook event that asks (PermissionRequest). */
  event: string;
  /**
   * Aborted when the hook's connection closes. Claude Code ends a held hook when its dialog is refused
   * in the terminal (Esc, No), which interrupts the turn; a yes there leaves the hook running (see
   * settleAnsweredInTerminal).
   */
  signal: AbortSignal;
}

export interface ManualDecision {
  approve: boolean;
  /** Audit name of who decided: `owner`, `local-cli`, `token:<id>`. */
  actor: AuditActor;
  reason?: string;
  remember?: boolean;
}

export interface ApprovalBrokerOptions {
  approvals: ApprovalRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  policy: PolicyPort;
  approvalTimeoutMs: number;
  summarize: (tool: string, input: unknown) => string;
  /** The input pattern of a remembered allow rule: this very call's main input, glob characters escaped. */
  literalInputPattern: (tool: string, input: unknown) => string | null;
  /** Moves the session's agent state. */
  onState: (sessionId: string, event: AgentEvent) => void;
  /** Sends a new or changed approval to the session feed's subscribers. */
  broadcast: (approval: Approval) => void;
  now?: () => number;
}

interface Held {
  record: ApprovalRecord;
  call: HeldCall;
  resolve: (outcome: HoldOutcome) => void;
  timer: NodeJS.Timeout;
  detach: () => void;
}

interface Verdict {
  status: Exclude<ApprovalStatus, 'pending'>;
  decidedBy: string;
  actor: AuditActor;
  reason?: string | null;
  detail?: Record<string, unknown>;
  /** The agent event this outcome is; by default the one its status implies. */
  state?: AgentEvent;
}

/** History lists (`status=all`) show this many of the latest approvals. */
const RECENT_APPROVALS = 100;

/**
 * Tool calls held for the owner. `hold` parks a hook's request until the owner decides (approve,
 * deny), the approval timeout passes, or the hook goes away; the first of these wins, and every
 * outcome — rule decisions too — is stored as an approval row and written to the audit log.
 */
export class ApprovalBroker {
  private readonly held = new Map<string, Held>();
  private readonly now: () => number;

  constructor(private readonly options: ApprovalBrokerOptions) {
    this.now = options.now ?? Date.now;
  }

  hold(request: HoldRequest): Promise<HoldOutcome> {
    const { approvals } = this.options;
    const now = this.now();
    const record = approvals.insert({
      id: approvals.newId(),
      sessionId: request.session.id,
      event: request.event,
      tool: request.tool,
      input: request.input,
      summary: this.options.summarize(request.tool, request.input),
      createdAt: iso(now),
      expiresAt: iso(now + this.options.approvalTimeoutMs),
    });
    return new Promise((resolve) => {
      const onAbort = (): void => {
        this.finish(record.id, {
          status: 'cancelled',
          decidedBy: 'terminal',
          actor: 'daemon',
          reason: 'refused in the terminal, or the agent ended (it stopped waiting)',
          state: { kind: 'approval-refused', tool: request.tool },
        });
      };
      const timer = setTimeout(() => this.finish(record.id, { status: 'timeout', decidedBy: 'timeout', actor: 'daemon', reason: 'nobody answered in time' }), this.options.approvalTimeoutMs);
      request.signal.addEventListener('abort', onAbort, { once: true });
      const call: HeldCall = {
        tool: request.tool,
        input: request.input,
        ...(request.promptId !== undefined ? { promptId: request.promptId } : {}),
        ...(request.toolUseId !== undefined ? { toolUseId: request.toolUseId } : {}),
      };
      this.held.set(record.id, { record, call, resolve, timer, detach: () => request.signal.removeEventListener('abort', onAbort) });
      this.options.onState(request.session.id, { kind: 'approval-pending', tool: request.tool });
      this.options.broadcast(this.toApproval(record));
      if (request.signal.aborted) onAbort();
    });
  }

  /** The owner's answer. 404 for an unknown id, 409 when it is no longer pending. */
  decide(id: string, decision: ManualDecision): Approval {
    const record = this.options.approvals.get(id);
    if (!record) throw new DaemonError('not_found', `no approval ${id}; list pending ones with "codepiper approvals"`);
    if (record.status !== 'pending') {
      throw new DaemonError('conflict', `approval ${id} is already ${record.status}${record.decidedBy ? ` (by ${record.decidedBy})` : ''}; nothing to decide`);
    }
    if (!this.held.has(id)) {
      this.finish(id, { status: 'cancelled', decidedBy: 'daemon', actor: 'daemon', reason: 'no agent is waiting for it any more' });
      throw new DaemonError('conflict', `approval ${id} is no longer waited for by its agent; nothing to decide`);
    }
    let rule: PolicyRule | undefined;
    if (decision.approve && decision.remember) {
      const input = this.options.literalInputPattern(record.tool, record.input);
      rule = this.options.policy.add({
        action: 'allow',
        tool: record.tool,
        ...(input !== null ? { input } : {}),
        sessionId: record.sessionId,
        reason: `remembered from approval ${id}`,
      }, { actor: decision.actor });
    }
    const decided = this.finish(id, {
      status: decision.approve ? 'approved' : 'denied',
      decidedBy: decision.actor,
      actor: decision.actor,
      reason: decision.reason ?? null,
      ...(rule ? { detail: { rememberedRule: rule.id } } : {}),
    });
    if (!decided) throw new DaemonError('conflict', `approval ${id} was decided meanwhile; nothing to decide`);
    return decided;
  }

  /** A decision a policy rule made on its own: stored and audited like a manual one, never held. */
  recordRuleDecision(session: SessionRecord, event: string, tool: string, input: unknown, rule: PolicyRule): Approval {
    const now = iso(this.now());
    const status = rule.action === 'deny' ? 'denied' : 'approved';
    const record = this.options.approvals.insert({
      id: this.options.approvals.newId(),
      sessionId: session.id,
      event,
      tool,
      input,
      summary: this.options.summarize(tool, input),
      createdAt: now,
      expiresAt: now,
      status,
      decidedAt: now,
      decidedBy: `rule:${rule.id}`,
      reason: rule.reason,
    });
    this.audit(record, { status, decidedBy: `rule:${rule.id}`, actor: `rule:${rule.id}`, reason: rule.reason });
    const approval = this.toApproval(record);
    this.options.broadcast(approval);
    return approval;
  }

  /**
   * The agent went on past calls it was holding for (their tool ran, the turn ended): their dialogs
   * were answered in the terminal, where a yes leaves the held hook running. Each such hold ends as
   * cancelled by `terminal` and its hook is answered with no decision, which the agent ignores.
   * `answered` says which of the session's held calls the agent is past.
   */
  settleAnsweredInTerminal(sessionId: string, answered: (call: HeldCall) => boolean): Approval[] {
    const settled: Approval[] = [];
    for (const [id, held] of [...this.held]) {
      if (held.record.sessionId !== sessionId || !answered(held.call)) continue;
      const approval = this.finish(id, { status: 'cancelled', decidedBy: 'terminal', actor: 'daemon', reason: 'answered in the terminal' });
      if (approval) settled.push(approval);
    }
    return settled;
  }

  /** The session ended: nothing of it waits any more. */
  cancelSession(sessionId: string): void {
    for (const record of this.options.approvals.listPending(sessionId)) {
      this.finish(record.id, { status: 'cancelled', decidedBy: 'session-ended', actor: 'daemon', reason: 'the session ended' });
    }
  }

  /** At start-up: approvals a previous daemon held lost their hook connection with it. */
  cancelStale(): void {
    for (const record of this.options.approvals.listPending()) {
      if (!this.held.has(record.id)) this.finish(record.id, { status: 'cancelled', decidedBy: 'daemon', actor: 'daemon', reason: 'the daemon restarted' });
    }
  }

  /** Pending approvals oldest first; with `all`, the latest approvals of any status, newest first. */
  list(options: { all?: boolean; sessionId?: string } = {}): Approval[] {
    const records = options.all
      ? this.options.approvals.listRecent({ limit: RECENT_APPROVALS, ...(options.sessionId ? { sessionId: options.sessionId } : {}) })
      : this.options.approvals.listPending(options.sessionId);
    return records.map((r) => this.toApproval(r));
  }

  pending(): Approval[] {
    return this.list();
  }

  /** Ends every hold (daemon shutdown): the agents fall back to their own prompts. */
  close(): void {
    for (const id of [...this.held.keys()]) this.finish(id, { status: 'cancelled', decidedBy: 'daemon', actor: 'daemon', reason: 'the daemon stopped' });
  }

  private finish(id: string, verdict: Verdict): Approval | undefined {
    const held = this.held.get(id);
    if (held) {
      this.held.delete(id);
      clearTimeout(held.timer);
      held.detach();
    }
    const decided = this.options.approvals.decide(id, { status: verdict.status, decidedBy: verdict.decidedBy, reason: verdict.reason ?? null, at: iso(this.now()) });
    if (!decided) return undefined;
    this.audit(decided, verdict);
    this.options.onState(decided.sessionId, verdict.state ?? stateEvent(decided));
    const approval = this.toApproval(decided);
    this.options.broadcast(approval);
    held?.resolve(outcome(approval));
    return approval;
  }

  private audit(record: ApprovalRecord, verdict: Verdict): void {
    this.options.audit.add(
      {
        type: 'approval.decided',
        actor: verdict.actor,
        detail: {
          approval: record.id,
          session: record.sessionId,
          tool: record.tool,
          summary: record.summary,
          decision: verdict.status,
          decidedBy: verdict.decidedBy,
          ...(verdict.reason ? { reason: verdict.reason } : {}),
          ...verdict.detail,
        },
      },
      this.now(),
    );
  }

  private toApproval(record: ApprovalRecord): Approval {
    const session = this.options.sessions.get(record.sessionId);
    return {
      id: record.id,
      session: record.sessionId,
      sessionName: session?.name ?? record.sessionId,
      provider: parseProvider(session?.provider ?? null),
      tool: record.tool,
      input: record.input,
      summary: record.summary,
      status: record.status,
      createdAt: record.createdAt,
      decidedAt: record.decidedAt,
      decidedBy: record.decidedBy,
      reason: record.reason,
      expiresAt: record.expiresAt,
    };
  }
}

function stateEvent(record: ApprovalRecord): AgentEvent {
  switch (record.status) {
    case 'approved':
    case 'denied':
      return { kind: 'approval-decided', tool: record.tool, approved: record.status === 'approved' };
    case 'timeout':
      return { kind: 'approval-timeout', tool: record.tool };
    default:
      return { kind: 'approval-cancelled', tool: record.tool };
  }
}

function outcome(approval: Approval): HoldOutcome {
  if (approval.status === 'approved') return { status: 'approved', approval };
  if (approval.status === 'denied') return { status: 'denied', approval, reason: approval.reason };
  if (approval.status === 'timeout') return { status: 'timeout', approval };
  return { status: 'cancelled', approval };
}

function parseProvider(value: string | null): ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value ?? '') ? (value as ProviderName) : 'shell';
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
