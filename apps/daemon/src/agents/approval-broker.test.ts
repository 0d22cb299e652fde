import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ApprovalRepository,
  AuditRepository,
  literalInputPattern,
  openDatabase,
  PolicyEngine,
  SessionRepository,
  type CodePiperDatabase,
  type SessionRecord,
} from '@codepiper/core';
import type { Approval, PolicyRule } from '@codepiper/protocol';
import type { AgentEvent } from './agent-state-machine.js';
import { ApprovalBroker } from './approval-broker.js';
import type { PolicyPort } from './ports.js';

let dir: string;
let database: CodePiperDatabase;
let sessions: SessionRepository;
let audit: AuditRepository;
let session: SessionRecord;
let states: Array<{ id: string; event: AgentEvent }>;
let broadcasts: Approval[];
let added: Array<Parameters<PolicyPort['add']>[0]>;

const rule = (over: Partial<PolicyRule>): PolicyRule => ({
  id: 'r1',
  action: 'allow',
  tool: 'Bash',
  input: null,
  cwd: null,
  scope: 'global',
  provider: null,
  session: null,
  priority: 0,
  reason: null,
  createdAt: '2026-06-01T00:00:00.000Z',
  ...over,
});

function broker(approvalTimeoutMs = 60_000, policy: PolicyPort = recordingPolicy()): ApprovalBroker {
  return new ApprovalBroker({
    approvals: new ApprovalRepository(database),
    sessions,
    audit,
    policy,
    approvalTimeoutMs,
    summarize: (_tool, input) => String((input as { command?: string }).command ?? ''),
    literalInputPattern,
    onState: (id, event) => states.push({ id, event }),
    broadcast: (approval) => broadcasts.push(approval),
  });
}

function recordingPolicy(): PolicyPort {
  return {
    evaluate: () => ({ action: 'ask', rule: null, explanation: 'no rule' }),
    add: (request) => {
      added.push(request);
      return rule({ id: 'remembered', input: request.input ?? null, session: request.sessionId ?? null, scope: 'session' });
    },
  };
}

const BASH = { command: 'npm test', description: 'run tests' };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cp-broker-'));
  database = openDatabase(join(dir, 'codepiper.db'));
  sessions = new SessionRepository(database);
  audit = new AuditRepository(database);
  session = sessions.insert({ id: 'a1b2c3d4', name: 'agent', command: ['claude'], cwd: '/work', cols: 80, rows: 24, provider: 'claude', agentState: 'working' });
  states = [];
  broadcasts = [];
  added = [];
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

function decisions(): unknown[] {
  return audit.list({ type: 'approval.decided' }).map((e) => ({ actor: e.actor, ...(e.detail as object) }));
}

describe('ApprovalBroker', () => {
  it('holds a tool call until the owner approves it, then records who decided', async () => {
    const b = broker();
    const held = b.hold({ session, event: 'PermissionRequest', tool: 'Bash', input: BASH, signal: new AbortController().signal });
    const [pending] = b.pending();
    expect(pending).toMatchObject({ session: 'a1b2c3d4', sessionName: 'agent', provider: 'claude', tool: 'Bash', summary: 'npm test', status: 'pending', input: BASH });
    expect(states.map((s) => s.event.kind)).toEqual(['approval-pending']);

    const decided = b.decide(pending!.id, { approve: true, actor: 'local-cli' });
    expect(decided).toMatchObject({ status: 'approved', decidedBy: 'local-cli' });
    await expect(held).resolves.toMatchObject({ status: 'approved' });
    expect(b.pending()).toEqual([]);
    expect(states.map((s) => s.event)).toContainEqual({ kind: 'approval-decided', tool: 'Bash', approved: true });
    expect(broadcasts.map((a) => a.status)).toEqual(['pending', 'approved']);
    expect(decisions()).toEqual([{ actor: 'local-cli', approval: pending!.id, session: 'a1b2c3d4', tool: 'Bash', summary: 'npm test', decision: 'approved', decidedBy: 'local-cli' }]);
  });

  it('passes a denial reason on and refuses a second decision with a conflict', async () => {
    const b = broker();
    const held = b.hold({ session, event: 'PermissionRequest', tool: 'Bash', input: BASH, signal: new AbortController().signal });
    const id = b.pending()[0]!.id;
    b.decide(id, { approve: false, actor: 'owner', reason: 'not now' });
    await expect(held).resolves.toMatchObject({ status: 'denied', reason: 'not now' });
    expect(() => b.decide(id, { approve: true, actor: 'owner' })).toThrow(/already denied \(by owner\)/);
    expect(() => b.decide('ffffffff', { approve: true, actor: 'owner' })).toThrow(/no approval ffffffff/);
  });

  it('adds a session-scoped allow rule for the exact input when approved with remember', () => {
    const b = broker();
    void b.hold({ session, event: 'PermissionRequest', tool: 'Bash', input: BASH, signal: new AbortController().signal });
    const id = b.pending()[0]!.id;
    b.decide(id, { approve: true, actor: 'owner', remember: true });
    expect(added).toEqual([{ action: 'allow', tool: 'Bash', input: 'npm test', sessionId: 'a1b2c3d4', reason: `remembered from approval ${id}` }]);
    expect(decisions()[0]).toMatchObject({ rememberedRule: 'remembered' });
  });

  it('remembers a path with glob characters as a rule that allows that very file and no look-alike', () => {
    const engine = new PolicyEngine({ database, home: '/home/me' });
    const b = broker(60_000, engine);
    const edit = { file_path: '/work/src/routes/[id]/+page.svelte', old_string: 'a', new_string: 'b' };
    void b.hold({ session, event: 'PermissionRequest', tool: 'Edit', input: edit, signal: new AbortController().signal });
    b.decide(b.pending()[0]!.id, { approve: true, actor: 'owner', remember: true });
    const decide = (filePath: string) => engine.evaluate({ tool: 'Edit', toolInput: { ...edit, file_path: filePath }, provider: 'claude', sessionId: session.id, cwd: '/work' }).action;
    expect(decide('/work/src/routes/[id]/+page.svelte')).toBe('allow');
    expect(decide('/work/src/routes/i/+page.svelte')).toBe('ask');
  });

  it('times out when nobody answers, leaving the agent its own prompt', async () => {
    const b = broker(20);
    const outcome = await b.hold({ session, event: 'PermissionRequest', tool: 'Bash', input: BASH, signal: new AbortController().signal });
    expect(outcome).toMatchObject({ status: 'timeout', approval: { decidedBy: 'timeout' } });
    expect(states.at(-1)?.event).toEqual({ kind: 'approval-timeout', tool: 'Bash' });
    expect(decisions()).toEqual([expect.objectContaining({ actor: 'daemon', decision: 'timeout', decidedBy: 'timeout' })]);
  });

  it('cancels when the agent ends the hook (refused in the terminal), which ends the turn', async () => {
    const b = broker();
    const hook = new AbortController();
    const held = b.hold({ session, event: 'PermissionRequest', tool: 'Bash', input: BASH, signal: hook.signal });
    hook.abort();
    await expect(held).resolves.toMatchObject({ status: 'cancelled', approval: { decidedBy: 'terminal' } });
    expect(decisions()).toEqual([expect.objectContaining({ decision: 'cancelled', decidedBy: 'terminal' })]);
    expect(states.at(-1)?.event).toEqual({ kind: 'approval-refused', tool: 'Bash' });
  });

  it('settles the held calls the agent went past (answered yes in the terminal) with no decision, and only those', async () => {
    const b = broker();
    const other = sessions.insert({ id: 'e5f6a7b8', name: 'other', command: ['claude'], cwd: '/work', cols: 80, rows: 24, provider: 'claude', agentState: 'working' });
    const first = b.hold({ session, event: 'PermissionRequest', tool: 'Bash', input: BASH, promptId: 'p1', toolUseId: 'toolu_1', signal: new AbortController().signal });
    const second = b.hold({ session, event: 'PermissionRequest', tool: 'Bash', input: BASH, promptId: 'p1', toolUseId: 'toolu_2', signal: new AbortController().signal });
    const elsewhere = b.hold({ session: other, event: 'PermissionRequest', tool: 'Bash', input: BASH, promptId: 'p1', toolUseId: 'toolu_1', signal: new AbortController().signal });
    const seen: unknown[] = [];

    const settled = b.settleAnsweredInTerminal('a1b2c3d4', (call) => {
      seen.push(call);
      return call.toolUseId === 'toolu_1';
    });
    expect(seen).toContainEqual({ tool: 'Bash', input: BASH, promptId: 'p1', toolUseId: 'toolu_1' });
    expect(settled).toEqual([expect.objectContaining({ status: 'cancelled', decidedBy: 'terminal', reason: 'answered in the terminal' })]);
    await expect(first).resolves.toMatchObject({ status: 'cancelled' });
    expect(states.at(-1)).toEqual({ id: 'a1b2c3d4', event: { kind: 'approval-cancelled', tool: 'Bash' } });
    expect(b.pending().map((a) => a.session).sort()).toEqual(['a1b2c3d4', 'e5f6a7b8']);
    expect(decisions()).toEqual([expect.objectContaining({ actor: 'daemon', decision: 'cancelled', decidedBy: 'terminal', session: 'a1b2c3d4' })]);

    expect(b.settleAnsweredInTerminal('a1b2c3d4', () => true)).toHaveLength(1);
    await expect(second).resolves.toMatchObject({ status: 'cancelled' });
    b.close();
    await expect(elsewhere).resolves.toMatchObject({ status: 'cancelled', approval: { decidedBy: 'daemon' } });
  });

  it("cancels a session's pending approvals when it ends, and stale ones at start-up", async () => {
    const b = broker();
    const held = b.hold({ session, event: 'PermissionRequest', tool: 'Bash', input: BASH, signal: new AbortController().signal });
    b.cancelSession('a1b2c3d4');
    await expect(held).resolves.toMatchObject({ status: 'cancelled', approval: { decidedBy: 'session-ended' } });

    void b.hold({ session, event: 'PermissionRequest', tool: 'Bash', input: BASH, signal: new AbortController().signal });
    const restarted = broker();
    restarted.cancelStale();
    expect(restarted.pending()).toEqual([]);
    expect(restarted.list({ all: true }).map((a) => a.decidedBy).sort()).toEqual(['daemon', 'session-ended']);
    b.close();
  });

  it('records rule decisions as decided approvals with the rule as decider', () => {
    const b = broker();
    const approval = b.recordRuleDecision(session, 'PreToolUse', 'Bash', BASH, rule({ id: 'r9', action: 'deny', reason: 'no tests on Fridays' }));
    expect(approval).toMatchObject({ status: 'denied', decidedBy: 'rule:r9', reason: 'no tests on Fridays' });
    expect(b.pending()).toEqual([]);
    expect(b.list({ all: true })).toHaveLength(1);
    expect(decisions()).toEqual([expect.objectContaining({ actor: 'rule:r9', decision: 'denied', decidedBy: 'rule:r9' })]);
  });
});
