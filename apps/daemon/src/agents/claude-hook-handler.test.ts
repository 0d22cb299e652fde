import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApprovalRepository, AuditRepository, openDatabase, SessionRepository, type CodePiperDatabase, type SessionRecord } from '@codepiper/core';
import type { ClaudeHookPayload, PolicyRule, PolicyVerdict } from '@codepiper/protocol';
import type { AgentEvent } from './agent-state-machine.js';
import { ApprovalBroker } from './approval-broker.js';
import { handleClaudeHook, type ClaudeHookDeps } from './claude-hook-handler.js';
import { ToolCallLog } from './tool-call-log.js';

let dir: string;
let database: CodePiperDatabase;
let repo: SessionRepository;
let session: SessionRecord;
let verdict: PolicyVerdict | (() => PolicyVerdict);
let events: AgentEvent[];
let ingested: number;
let deps: ClaudeHookDeps;
let broker: ApprovalBroker;

const rule = (action: PolicyRule['action'], reason: string | null = null): PolicyRule => ({
  id: `rule-${action}`,
  action,
  tool: 'Bash',
  input: null,
  cwd: null,
  scope: 'global',
  provider: null,
  session: null,
  priority: 0,
  reason,
  createdAt: '2026-06-01T00:00:00.000Z',
});
const NO_RULE: PolicyVerdict = { action: 'ask', rule: null, explanation: 'no rule matches' };
const payload = (event: string, extra: Partial<ClaudeHookPayload> = {}): ClaudeHookPayload => ({
  session_id: 'conv-1',
  transcript_path: '/home/me/.claude/projects/-work/conv-1.jsonl',
  cwd: '/work',
  hook_event_name: event,
  ...extra,
});
const bash = (event: string) => payload(event, { tool_name: 'Bash', tool_input: { command: 'npm test', description: 'tests' } });
const hook = (p: ClaudeHookPayload, signal = new AbortController().signal) => handleClaudeHook(deps, repo.get(session.id)!, p, signal);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cp-claude-hook-'));
  database = openDatabase(join(dir, 'codepiper.db'));
  repo = new SessionRepository(database);
  session = repo.insert({ id: 'a1b2c3d4', name: 'agent', command: ['claude'], cwd: '/work', cols: 80, rows: 24, provider: 'claude', providerSessionId: 'conv-1', agentState: 'working' });
  verdict = NO_RULE;
  events = [];
  ingested = 0;
  const policy = {
    evaluate: () => (typeof verdict === 'function' ? verdict() : verdict),
    add: () => rule('allow'),
  };
  broker = new ApprovalBroker({
    approvals: new ApprovalRepository(database),
    sessions: repo,
    audit: new AuditRepository(database),
    policy,
    approvalTimeoutMs: 60_000,
    summarize: () => 'npm test',
    literalInputPattern: () => 'npm test',
    onState: (_id, event) => events.push(event),
    broadcast: () => undefined,
  });
  deps = {
    repo,
    policy,
    broker,
    calls: new ToolCallLog(),
    state: (_id, event) => events.push(event),
    ingest: () => ingested++,
    broadcast: () => undefined,
    log: () => undefined,
  };
});

afterEach(() => {
  broker.close();
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('handleClaudeHook', () => {
  it('records the transcript path and the model SessionStart reports, and says nothing back', async () => {
    expect(await hook(payload('SessionStart', { source: 'startup', model: 'claude-opus-4' }))).toBe('');
    expect(repo.get(session.id)).toMatchObject({ model: 'claude-opus-4', transcriptPath: '/home/me/.claude/projects/-work/conv-1.jsonl' });
    expect(events).toEqual([{ kind: 'ready' }]);
    expect(await hook(payload('UserPromptSubmit', { prompt: 'hello' }))).toBe('');
  });

  it('answers PreToolUse with the rule that allows or denies, and records the decision', async () => {
    verdict = { action: 'allow', rule: rule('allow', 'tests are fine'), explanation: 'rule rule-allow allows Bash' };
    expect(JSON.parse(await hook(bash('PreToolUse')))).toEqual({
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: 'CodePiper rule rule-allow: tests are fine' },
    });
    verdict = { action: 'deny', rule: rule('deny'), explanation: 'rule rule-deny denies Bash' };
    expect(JSON.parse(await hook(bash('PreToolUse')))).toEqual({
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'CodePiper rule rule-deny: rule rule-deny denies Bash' },
    });
    expect(broker.list({ all: true }).map((a) => [a.status, a.decidedBy]).sort()).toEqual([
      ['approved', 'rule:rule-allow'],
      ['denied', 'rule:rule-deny'],
    ]);
  });

  it("leaves PreToolUse to Claude's defaults without a rule, and forces the dialog with an ask rule", async () => {
    expect(await hook(bash('PreToolUse'))).toBe('');
    verdict = { action: 'ask', rule: rule('ask'), explanation: 'rule rule-ask asks' };
    expect(JSON.parse(await hook(bash('PreToolUse'))).hookSpecificOutput).toMatchObject({ hookEventName: 'PreToolUse', permissionDecision: 'ask' });
    expect(broker.list({ all: true })).toEqual([]);
    expect(events).toEqual([
      { kind: 'tool', tool: 'Bash' },
      { kind: 'tool', tool: 'Bash' },
    ]);
  });

  it('holds PermissionRequest for the owner and answers allow, or deny with the reason', async () => {
    const approved = hook(bash('PermissionRequest'));
    broker.decide(broker.pending()[0]!.id, { approve: true, actor: 'owner' });
    expect(JSON.parse(await approved)).toEqual({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } } });

    const denied = hook(bash('PermissionRequest'));
    broker.decide(broker.pending()[0]!.id, { approve: false, actor: 'owner', reason: 'use the staging db' });
    expect(JSON.parse(await denied)).toEqual({
      hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message: 'Denied by the owner in CodePiper: use the staging db' } },
    });
  });

  it('answers nothing when the hook goes away, and holds when the policy cannot be evaluated', async () => {
    const hookGone = new AbortController();
    const held = hook(bash('PermissionRequest'), hookGone.signal);
    hookGone.abort();
    expect(await held).toBe('');

    verdict = () => {
      throw new Error('corrupt rule');
    };
    const safe = hook(bash('PermissionRequest'));
    expect(broker.pending()).toHaveLength(1);
    broker.decide(broker.pending()[0]!.id, { approve: false, actor: 'owner' });
    expect(JSON.parse(await safe).hookSpecificOutput.decision.behavior).toBe('deny');
  });

  describe('a held PermissionRequest answered in the terminal (the binary leaves the hook running on a yes)', () => {
    const NPM = { command: 'npm test', description: 'tests' };
    const call = (event: string, extra: Partial<ClaudeHookPayload> = {}) => payload(event, { tool_name: 'Bash', tool_input: NPM, prompt_id: 'prompt-1', ...extra });
    /** PreToolUse then PermissionRequest, as the binary sends them; resolves once the call is held, with the hook's answer to come. */
    const holdCall = async (toolUseId: string, extra: Partial<ClaudeHookPayload> = {}): Promise<{ answer: Promise<string> }> => {
      await hook(call('PreToolUse', { tool_use_id: toolUseId, ...extra }));
      const answer = hook(call('PermissionRequest', { permission_suggestions: [], ...extra }));
      expect(broker.pending()).toHaveLength(1);
      return { answer };
    };
    const history = () => broker.list({ all: true }).map((a) => [a.status, a.decidedBy, a.reason]);

    it("ends the hold with no decision when the call's PostToolUse arrives, and the state goes back to working", async () => {
      const { answer } = await holdCall('toolu_1');
      // Another call's PostToolUse (a read-only tool running alongside) leaves it held.
      await hook(call('PostToolUse', { tool_name: 'Read', tool_input: { file_path: '/work/a' }, tool_use_id: 'toolu_0' }));
      expect(broker.pending()).toHaveLength(1);
      await hook(call('PostToolUse', { tool_use_id: 'toolu_1', tool_response: { stdout: 'ok' } }));
      expect(await answer).toBe('');
      expect(history()).toEqual([['cancelled', 'terminal', 'answered in the terminal']]);
      await hook(call('Stop', { stop_hook_active: false }));
      expect(events).toEqual([
        { kind: 'tool', tool: 'Bash' },
        { kind: 'approval-pending', tool: 'Bash' },
        { kind: 'tool-done', tool: 'Read' },
        { kind: 'approval-cancelled', tool: 'Bash' },
        { kind: 'tool-done', tool: 'Bash' },
        { kind: 'turn-finished' },
      ]);
    });

    it('ends the hold at the Stop of its turn (the command failed: no PostToolUse), not at the Stop of another prompt', async () => {
      const { answer } = await holdCall('toolu_1');
      await hook(payload('Stop', { prompt_id: 'prompt-0', stop_hook_active: false }));
      expect(broker.pending()).toHaveLength(1);
      await hook(call('Stop', { stop_hook_active: false }));
      expect(await answer).toBe('');
      expect(history()).toEqual([['cancelled', 'terminal', 'answered in the terminal']]);
    });

    it('ends the hold of a serial tool at the next call of the same turn, but not for a read-only tool that may run alongside', async () => {
      const { answer: bashAnswer } = await holdCall('toolu_1');
      await hook(call('PreToolUse', { tool_use_id: 'toolu_2', tool_input: { command: 'npm run lint', description: 'lint' } }));
      expect(await bashAnswer).toBe('');

      const read = { tool_name: 'Read', tool_input: { file_path: '/etc/hosts' } };
      const { answer: readAnswer } = await holdCall('toolu_3', read);
      await hook(call('PreToolUse', { ...read, tool_input: { file_path: '/etc/passwd' }, tool_use_id: 'toolu_4' }));
      expect(broker.pending()).toHaveLength(1);
      await hook(payload('UserPromptSubmit', { prompt: 'next', prompt_id: 'prompt-2' }));
      expect(await readAnswer).toBe('');
      expect(broker.pending()).toEqual([]);
    });

    it('matches by tool and input when the PermissionRequest could not be tied to a call id', async () => {
      const answer = hook(call('PermissionRequest'));
      await hook(call('PostToolUse', { tool_input: { command: 'other' }, tool_use_id: 'toolu_9' }));
      expect(broker.pending()).toHaveLength(1);
      await hook(call('PostToolUse', { tool_use_id: 'toolu_1' }));
      expect(await answer).toBe('');
    });

    it('moves to waiting-input when the agent ends the hook (refused in the terminal: no Stop follows)', async () => {
      const hookGone = new AbortController();
      await hook(call('PreToolUse', { tool_use_id: 'toolu_1' }));
      const answer = hook(call('PermissionRequest'), hookGone.signal);
      hookGone.abort();
      expect(await answer).toBe('');
      expect(events.at(-1)).toEqual({ kind: 'approval-refused', tool: 'Bash' });
      // No Stop follows: the transcript is read now.
      expect(ingested).toBe(1);
      expect(history()).toEqual([['cancelled', 'terminal', 'refused in the terminal, or the agent ended (it stopped waiting)']]);
    });
  });

  it('lets PermissionRequest rules decide without holding', async () => {
    verdict = { action: 'deny', rule: rule('deny', 'never'), explanation: 'x' };
    expect(JSON.parse(await hook(bash('PermissionRequest')))).toEqual({
      hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message: 'CodePiper rule rule-deny: never' } },
    });
    expect(broker.pending()).toEqual([]);
  });

  it('moves the state and ingests the transcript on PostToolUse, Stop and SessionEnd', async () => {
    await hook(payload('PostToolUse', { tool_name: 'Bash', tool_response: { stdout: 'ok' } }));
    await hook(payload('Notification', { notification_type: 'permission_prompt', message: 'Claude needs your permission' }));
    await hook(payload('Stop', { stop_hook_active: false }));
    await hook(payload('SessionEnd', { reason: 'prompt_input_exit' }));
    expect(await hook(payload('SomeFutureEvent'))).toBe('');
    expect(events).toEqual([
      { kind: 'tool-done', tool: 'Bash' },
      { kind: 'notification', type: 'permission_prompt' },
      { kind: 'turn-finished' },
      { kind: 'session-end', reason: 'prompt_input_exit' },
    ]);
    expect(ingested).toBe(3);
  });
});
