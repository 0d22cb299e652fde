import {
  ApprovalRepository,
  AuditRepository,
  literalInputPattern,
  ProviderRegistry,
  summarizeToolInput,
  type AuditActor,
  type CodePiperDatabase,
  type SessionRecord,
  type SessionRepository,
} from '@codepiper/core';
import {
  ClaudeHookPayloadSchema,
  CodexNotifyPayloadSchema,
  ProviderNameSchema,
  type AgentStateName,
  type Approval,
  type CreateSessionRequest,
  type ProviderInfo,
  type ProviderName,
} from '@codepiper/protocol';
import type { z } from 'zod';
import { DaemonError, describeZodIssues } from '../errors.js';
import type { AgentLaunch, SessionAgentHooks, SessionHub } from '../session-hub/index.js';
import { AgentLauncher } from './agent-launcher.js';
import type { AgentEvent } from './agent-state-machine.js';
import { AgentStateTracker } from './agent-state-tracker.js';
import { ApprovalBroker } from './approval-broker.js';
import { handleClaudeHook } from './claude-hook-handler.js';
import { handleCodexNotify } from './codex-notify-handler.js';
import { forwarderCommand } from './forwarder-command.js';
import { checkConversation, sessionOfSecret } from './hook-identity.js';
import type { PolicyPort, UsagePort } from './ports.js';
import { ToolCallLog } from './tool-call-log.js';
import { TranscriptIngest } from './transcript-ingest.js';

export interface AgentsOptions {
  database: CodePiperDatabase;
  repo: SessionRepository;
  hub: SessionHub;
  home: string;
  sessionDir: (id: string) => string;
  policy: PolicyPort;
  /** Token usage from transcripts; without it transcripts are only recorded. */
  usage?: UsagePort;
  approvalTimeoutMs: number;
  log: (message: string) => void;
  /** argv of the hook forwarder (default: this build's dist/hook-forwarder.js under this Node). */
  forwarder?: readonly string[];
  registry?: ProviderRegistry;
  /** The environment sessions inherit (CODEX_HOME); the daemon's own by default. */
  env?: NodeJS.ProcessEnv;
  /** Told of every agent state change, with the state before it (push notifications). */
  onAgentState?: (session: SessionRecord, previous: AgentStateName | null) => void;
  /** Told of every new or changed approval, as the session feed is (push notifications). */
  onApproval?: (approval: Approval) => void;
}

/** SessionStart sources that switch conversation inside the same Claude process. */
const CONVERSATION_SWITCHES = new Set(['clear', 'resume']);

/**
 * Agents as sessions: launching providers with hooks, the hooks themselves (authenticated by the
 * session's secret only), agent state, and tool calls held for the owner's approval. Connects itself
 * to the session hub, which calls back at launch, input and exit.
 */
export class Agents implements SessionAgentHooks {
  readonly registry: ProviderRegistry;
  readonly broker: ApprovalBroker;
  private readonly states: AgentStateTracker;
  private readonly launcher: AgentLauncher;
  private readonly audit: AuditRepository;
  private readonly ingest: TranscriptIngest;
  private readonly calls = new ToolCallLog();

  constructor(private readonly options: AgentsOptions) {
    const { repo, hub } = options;
    this.registry = options.registry ?? new ProviderRegistry(options.env ? { env: options.env } : {});
    this.audit = new AuditRepository(options.database);
    this.states = new AgentStateTracker({ repo, broadcast: (id) => hub.streams.broadcast(id), ...(options.onAgentState ? { onChange: options.onAgentState } : {}) });
    this.ingest = new TranscriptIngest(options.usage, options.log);
    this.broker = new ApprovalBroker({
      approvals: new ApprovalRepository(options.database),
      sessions: repo,
      audit: this.audit,
      policy: options.policy,
      approvalTimeoutMs: options.approvalTimeoutMs,
      summarize: summarizeToolInput,
      literalInputPattern,
      onState: (id, event) => this.states.apply(id, event),
      broadcast: (approval) => {
        hub.streams.broadcastToList({ type: 'approval', approval });
        options.onApproval?.(approval);
      },
    });
    this.launcher = new AgentLauncher({
      registry: this.registry,
      home: options.home,
      sessionDir: options.sessionDir,
      forwarder: options.forwarder ?? forwarderCommand(),
      approvalTimeoutMs: options.approvalTimeoutMs,
    });
    this.broker.cancelStale();
    hub.useAgents(this);
  }

  // ---- the session hub's callbacks -----------------------------------------------------------

  prepare(input: { id: string; provider: Exclude<ProviderName, 'shell'>; request: CreateSessionRequest; cwd: string }): Promise<AgentLaunch> {
    return this.launcher.prepare(input);
  }

  ended(record: SessionRecord, exit: { exitCode: number | null; signal: string | null }): void {
    if (record.agentState === null) return;
    this.states.apply(record.id, { kind: 'process-exit', exitCode: exit.exitCode, signal: exit.signal, stopped: record.status === 'stopped' });
    this.broker.cancelSession(record.id);
    this.calls.forget(record.id);
    this.ingest.request(record.id, record.provider, record.transcriptPath);
  }

  /** Codex has no prompt hook: Enter typed into its session starts a turn. */
  input(id: string, data: string | Uint8Array): void {
    const enter = typeof data === 'string' ? data.includes('\r') : data.includes(13);
    if (!enter) return;
    const record = this.options.repo.get(id);
    if (record?.provider === 'codex' && record.agentState !== null) this.states.apply(id, { kind: 'prompt' });
  }

  pendingApprovals(): Approval[] {
    return this.broker.pending();
  }

  // ---- hooks ---------------------------------------------------------------------------------

  /**
   * One hook event as the forwarder posts it. Resolves to what the agent reads as the hook's output
   * ('' for no decision); PermissionRequest may wait for the owner until `signal` aborts.
   */
  async hook(providerParam: string, secret: string | undefined, body: string, signal: AbortSignal): Promise<string> {
    const provider = ProviderNameSchema.safeParse(providerParam);
    if (!provider.success || provider.data === 'shell') throw new DaemonError('not_found', `no hooks for provider "${providerParam}"`);
    const found = sessionOfSecret(this.options.repo, provider.data, secret);
    const deps = {
      repo: this.options.repo,
      state: (id: string, event: AgentEvent) => this.states.apply(id, event),
      ingest: (session: SessionRecord) => this.ingest.request(session.id, session.provider, session.transcriptPath),
    };
    if (provider.data === 'codex') {
      const payload = parsePayload(CodexNotifyPayloadSchema, body);
      const session = this.checkConversation(found, payload['thread-id'], payload.type, false);
      return handleCodexNotify({ ...deps, env: this.options.env ?? process.env }, session, payload);
    }
    const payload = parsePayload(ClaudeHookPayloadSchema, body);
    const rebind = payload.hook_event_name === 'SessionStart' && CONVERSATION_SWITCHES.has(payload.source ?? '');
    const session = this.checkConversation(found, payload.session_id, payload.hook_event_name, rebind);
    return handleClaudeHook(
      { ...deps, policy: this.options.policy, broker: this.broker, calls: this.calls, broadcast: (id) => this.options.hub.streams.broadcast(id), log: this.options.log },
      session,
      payload,
      signal,
    );
  }

  // ---- API -----------------------------------------------------------------------------------

  providers(refresh = false): Promise<ProviderInfo[]> {
    return this.registry.list({ refresh });
  }

  approvals(query: { all?: boolean; session?: string }): Approval[] {
    const sessionId = query.session !== undefined ? this.options.repo.resolveRef(query.session).id : undefined;
    return this.broker.list({ all: query.all ?? false, ...(sessionId ? { sessionId } : {}) });
  }

  approve(id: string, actor: AuditActor, remember: boolean): Approval {
    return this.broker.decide(id, { approve: true, actor, remember });
  }

  deny(id: string, actor: AuditActor, reason: string | undefined): Approval {
    return this.broker.decide(id, { approve: false, actor, ...(reason ? { reason } : {}) });
  }

  /** Daemon shutdown: held hooks are answered "no decision" so agents fall back to their prompts. */
  close(): void {
    this.broker.close();
  }

  private checkConversation(session: SessionRecord, claimed: string | undefined, event: string, rebind: boolean): SessionRecord {
    return checkConversation({ repo: this.options.repo, audit: this.audit, session, claimed, event, rebind });
  }
}

function parsePayload<S extends z.ZodType>(schema: S, body: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new DaemonError('bad_request', 'the hook payload is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new DaemonError('bad_request', `invalid hook payload: ${describeZodIssues(parsed.error.issues)}`);
  return parsed.data;
}
