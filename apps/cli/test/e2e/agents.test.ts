import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Approval, PolicyRule, ProviderInfo, ServerMessage, Session, UsageReport } from '@codepiper/protocol';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { fakeAgentBin, hookSecretOf } from './support/fake-agent.js';
import { runCli, runCliJson } from './support/run-cli.js';
import { socketCall, socketJson } from './support/socket-call.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';
import { waitFor } from './support/wait-for.js';

interface AgentWorld {
  home: string;
  workDir: string;
  userHome: string;
  bin: string;
  daemon: DaemonProcess;
}

/** A daemon whose PATH starts with the fake `claude`, with its own HOME (where transcripts go). */
async function startWorld(args: string[] = [], web = false): Promise<AgentWorld> {
  const home = makeTempDir();
  const workDir = makeTempDir('cp-work-');
  const userHome = makeTempDir('cp-user-');
  const bin = fakeAgentBin();
  const daemon = await startDaemonProcess(home, { web, args, env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: userHome } });
  return { home, workDir, userHome, bin, daemon };
}

async function stopWorld(world: AgentWorld | undefined): Promise<void> {
  if (!world) return;
  await world.daemon.stop();
  for (const dir of [world.home, world.workDir, world.userHome, world.bin]) removeTempDir(dir);
}

function helpers(world: () => AgentWorld) {
  const cli = (args: string[]) => runCli(args, { home: world().home, cwd: world().workDir });
  const json = <T>(args: string[]) => runCliJson<T>(args, { home: world().home, cwd: world().workDir });
  const session = (id: string) => socketJson<Session>(world().home, `/api/sessions/${id}`);
  const screen = async (id: string) => (await socketCall(world().home, `/api/sessions/${id}/log`)).body;
  const waitForScreen = (id: string, text: string) => waitFor(async () => (await screen(id)).includes(text), `"${text}" on the screen of ${id}`);
  const waitForState = (id: string, state: string) => waitFor(async () => (await session(id)).agentState?.state === state, `session ${id} to be ${state}`);
  const pending = (id: string) => waitFor(async () => (await json<Approval[]>(['approvals', '--json'])).find((a) => a.session === id), `a pending approval of ${id}`);
  const startClaude = async (name: string, extra: string[] = []): Promise<Session> => {
    const started = await cli(['start', '--provider', 'claude', '--name', name, '--json', ...extra]);
    expect(started.code, started.stderr).toBe(0);
    const created = JSON.parse(started.stdout) as Session;
    await waitForState(created.id, 'waiting-input');
    return session(created.id);
  };
  const send = async (id: string, text: string, enter = true) => {
    const result = await cli(['send', id, ...(enter ? [] : ['--no-enter']), '--', text]);
    expect(result.code, result.stderr).toBe(0);
  };
  return { cli, json, session, screen, waitForScreen, waitForState, pending, startClaude, send };
}

describe('agent sessions with the fake Claude Code', () => {
  let world: AgentWorld;
  const h = helpers(() => world);

  beforeAll(async () => {
    world = await startWorld([], true);
  });

  afterAll(async () => {
    await stopWorld(world);
  });

  it("finds the fake claude on the daemon's PATH with its version", async () => {
    const providers = await h.json<ProviderInfo[]>(['providers', '--json']);
    expect(providers.find((p) => p.name === 'claude')).toMatchObject({
      binary: 'claude',
      found: { path: join(world.bin, 'claude'), version: '2.1.331' },
      capabilities: { hooks: true, transcripts: true, resume: true, modelSwitch: true, approvals: true },
    });
    expect(providers.find((p) => p.name === 'codex')).toMatchObject({ found: null, capabilities: { approvals: false } });
    const table = await h.cli(['providers']);
    expect(table.stdout).toMatch(/claude\s+yes\s+2\.1\.331/);
  });

  it('starts claude with a session id and a private settings file; its hooks set the model and the state', async () => {
    const agent = await h.startClaude('launch', ['--model', 'opus']);
    expect(agent).toMatchObject({ provider: 'claude', model: 'opus', agentState: { state: 'waiting-input', reason: 'ready' } });
    expect(agent.providerSessionId).toMatch(/^[0-9a-f-]{36}$/);
    const settings = join(world.home, 'sessions', agent.id, 'claude-settings.json');
    expect(agent.command).toEqual([join(world.bin, 'claude'), '--session-id', agent.providerSessionId, '--settings', settings, '--model', 'opus']);
    expect(statSync(settings).mode & 0o777).toBe(0o600);
    const listed = await h.json<Session[]>(['sessions', '--json']);
    expect(listed.find((s) => s.id === agent.id)?.agentState?.state).toBe('waiting-input');
    expect((await h.cli(['sessions'])).stdout).toMatch(new RegExp(`${agent.id}\\s+launch\\s+running\\s+waiting-input`));
  });

  it('refuses a model or resume without an agent, and an agent whose binary is missing', async () => {
    const shell = await h.cli(['start', '--model', 'opus', '--', 'sleep', '1']);
    expect(shell.code).toBe(2);
    const codex = await h.cli(['start', '--provider', 'codex']);
    expect(codex.code).toBe(1);
    expect(codex.stderr).toMatch(/Codex \("codex"\) was not found on the daemon's PATH: install it with "npm install -g @openai\/codex"/);
  });

  it('lets a deny rule block a command, and an allow rule run one, without asking', async () => {
    const agent = await h.startClaude('rules');
    const deny = await h.json<PolicyRule>(['policy', 'add', 'deny', '--tool', 'Bash', '--input', 'touch denied-marker', '--session', agent.id, '--reason', 'no markers', '--json']);
    const allow = await h.json<PolicyRule>(['policy', 'add', 'allow', '--tool', 'Bash', '--input', 'touch allowed-marker', '--session', agent.id, '--json']);

    await h.send(agent.id, 'run touch denied-marker');
    await h.waitForScreen(agent.id, `Denied: CodePiper rule ${deny.id}: no markers`);
    await h.send(agent.id, 'run touch allowed-marker');
    await h.waitForScreen(agent.id, 'Ran touch allowed-marker.');
    expect(existsSync(join(world.workDir, 'denied-marker'))).toBe(false);
    expect(existsSync(join(world.workDir, 'allowed-marker'))).toBe(true);

    const history = await h.json<Approval[]>(['approvals', '--all', '--session', agent.id, '--json']);
    expect(history.map((a) => [a.summary, a.status, a.decidedBy])).toEqual([
      ['touch allowed-marker', 'approved', `rule:${allow.id}`],
      ['touch denied-marker', 'denied', `rule:${deny.id}`],
    ]);
  });

  it('holds a command with no rule until "codepiper approve", moving the agent state through needs-approval', async () => {
    const agent = await h.startClaude('approve');
    await h.send(agent.id, 'run echo approved-by-owner');
    const approval = await h.pending(agent.id);
    expect(approval).toMatchObject({ sessionName: 'approve', provider: 'claude', tool: 'Bash', summary: 'echo approved-by-owner', input: { command: 'echo approved-by-owner' } });
    expect((await h.session(agent.id)).agentState?.state).toBe('needs-approval');
    const listed = await h.cli(['approvals']);
    expect(listed.stdout).toMatch(new RegExp(`^ID\\s+SESSION\\s+TOOL\\s+SUMMARY\\s+AGE\\s+EXPIRES\\n${approval.id}\\s+approve\\s+Bash\\s+echo approved-by-owner\\s+\\d+s\\s+in \\d+m`));

    const approved = await h.cli(['approve', approval.id]);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toBe(`approved ${approval.id}: Bash echo approved-by-owner\n`);
    await h.waitForScreen(agent.id, 'Ran echo approved-by-owner.');
    await h.waitForState(agent.id, 'waiting-input');

    const events = await socketJson<Array<{ type: string; data: { state: string; reason: string } }>>(world.home, `/api/sessions/${agent.id}/events`);
    const states = events.filter((e) => e.type === 'agent-state').map((e) => e.data.state);
    expect(states).toEqual(['working', 'waiting-input', 'working', 'needs-approval', 'working', 'waiting-input']);
    expect(events.find((e) => e.type === 'agent-state')?.data.reason).toBe('starting');

    const again = await h.cli(['approve', approval.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/approval [0-9a-f]{8} is already approved \(by local-cli\)/);
    const unknown = await h.cli(['deny', 'ffffffff']);
    expect(unknown.stderr).toMatch(/no approval ffffffff/);
  });

  it('sends pending approvals to session-feed subscribers right after the list, then every change', async () => {
    const agent = await h.startClaude('feed');
    await h.send(agent.id, 'run echo feed-me');
    const approval = await h.pending(agent.id);

    const ws = new WebSocket(`ws+unix://${join(world.home, 'daemon.sock')}:/ws`);
    const messages: ServerMessage[] = [];
    const waiters: Array<() => void> = [];
    ws.on('message', (data) => {
      messages.push(JSON.parse(String(data)) as ServerMessage);
      for (const wake of waiters.splice(0)) wake();
    });
    const next = <T extends ServerMessage>(match: (m: ServerMessage) => m is T): Promise<T> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no such message; got ${JSON.stringify(messages.map((m) => m.type))}`)), 15_000);
        const look = (): void => {
          const found = messages.find(match);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          } else waiters.push(look);
        };
        look();
      });
    try {
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      ws.send(JSON.stringify({ type: 'subscribe-sessions' }));
      await next((m): m is Extract<ServerMessage, { type: 'approval' }> => m.type === 'approval');
      const types = messages.filter((m) => m.type !== 'hello').map((m) => m.type);
      expect(types.slice(0, 2)).toEqual(['sessions', 'approval']);
      expect(messages.find((m) => m.type === 'approval')).toMatchObject({ approval: { id: approval.id, status: 'pending', summary: 'echo feed-me' } });

      expect((await h.cli(['approve', approval.id])).code).toBe(0);
      const decided = await next((m): m is Extract<ServerMessage, { type: 'approval' }> => m.type === 'approval' && m.approval.status === 'approved');
      expect(decided.approval).toMatchObject({ id: approval.id, decidedBy: 'local-cli' });
      const working = await next((m): m is Extract<ServerMessage, { type: 'session' }> => m.type === 'session' && m.session.id === agent.id && m.session.agentState?.state === 'waiting-input');
      expect(working.session.agentState?.reason).toBe('turn finished');
    } finally {
      ws.close();
    }
  });

  it('denies with a reason the agent is told, and audits who decided', async () => {
    const agent = await h.startClaude('deny');
    await h.send(agent.id, 'run touch denied-by-owner');
    const approval = await h.pending(agent.id);
    const denied = await h.cli(['deny', approval.id, '--reason', 'not today']);
    expect(denied.code, denied.stderr).toBe(0);
    await h.waitForScreen(agent.id, 'Denied: Denied by the owner in CodePiper: not today');
    expect(existsSync(join(world.workDir, 'denied-by-owner'))).toBe(false);
    const audit = await h.json<Array<{ actor: string; detail: Record<string, unknown> }>>(['audit', '--type', 'approval.decided', '--json']);
    expect(audit.find((e) => e.detail.approval === approval.id)).toMatchObject({
      actor: 'local-cli',
      detail: { session: agent.id, tool: 'Bash', summary: 'touch denied-by-owner', decision: 'denied', decidedBy: 'local-cli', reason: 'not today' },
    });
  });

  it('remembers an approval as a session rule, so the same command runs without asking again', async () => {
    const agent = await h.startClaude('remember');
    await h.send(agent.id, 'run echo remember-me');
    const approval = await h.pending(agent.id);
    expect((await h.cli(['approve', approval.id, '--remember'])).code).toBe(0);
    await h.waitForScreen(agent.id, 'Ran echo remember-me.');
    const rules = await h.json<PolicyRule[]>(['policy', 'list', '--json']);
    const remembered = rules.find((r) => r.reason === `remembered from approval ${approval.id}`);
    expect(remembered).toMatchObject({ action: 'allow', tool: 'Bash', input: 'echo remember-me', scope: 'session', session: agent.id });

    await h.waitForState(agent.id, 'waiting-input');
    await h.send(agent.id, 'run echo remember-me');
    await waitFor(async () => (await h.screen(agent.id)).split('Ran echo remember-me.').length === 3, 'the second run');
    const history = await h.json<Approval[]>(['approvals', '--all', '--session', agent.id, '--json']);
    expect(history[0]).toMatchObject({ status: 'approved', decidedBy: `rule:${remembered!.id}` });
  });

  it("ingests the transcript's usage as hooks arrive, each API message once", async () => {
    const agent = await h.startClaude('usage');
    expect((await h.cli(['policy', 'add', 'allow', '--tool', 'Bash', '--input', 'echo counted', '--session', agent.id])).code).toBe(0);
    await h.send(agent.id, 'hello');
    await h.waitForScreen(agent.id, 'You said: hello');
    await h.send(agent.id, 'run echo counted');
    await h.waitForScreen(agent.id, 'Ran echo counted.');
    // Three messages: the answer, the tool call (two transcript lines sharing its id), the final answer.
    const report = await waitFor(async () => {
      const usage = await h.json<UsageReport>(['usage', '--session', agent.id, '--json']);
      return usage.totals.messages === 3 ? usage : undefined;
    }, 'three messages of usage');
    expect(report.totals).toMatchObject({ inputTokens: 360, outputTokens: 90, cacheCreationInputTokens: 120, cacheReadInputTokens: 2700 });
  });

  it('takes the session from the hook secret alone: unknown secrets get 401, another conversation 403', async () => {
    const a = await h.startClaude('secret-a');
    const b = await h.startClaude('secret-b');
    const secretA = hookSecretOf(a.pid!);
    const post = (secret: string | undefined, body: string) =>
      socketCall(world.home, '/api/hooks/claude', { method: 'POST', body, headers: secret ? { 'x-codepiper-hook-secret': secret } : {} });
    const stop = (sessionId: string) => JSON.stringify({ session_id: sessionId, hook_event_name: 'Stop', stop_hook_active: false });

    expect((await post(undefined, stop(a.providerSessionId!))).status).toBe(401);
    expect((await post('not-a-secret', stop(a.providerSessionId!))).status).toBe(401);
    const crossed = await post(secretA, stop(b.providerSessionId!));
    expect(crossed.status).toBe(403);
    expect((await h.session(b.id)).agentState?.state).toBe('waiting-input');
    const refused = await h.json<Array<{ actor: string; detail: Record<string, unknown> }>>(['audit', '--type', 'hook.refused', '--json']);
    expect(refused[0]).toMatchObject({ actor: `hook:${a.id}`, detail: { session: a.id, claimed: b.providerSessionId, expected: a.providerSessionId } });

    for (const bad of ['not json', '{"hook_event_name": 42}', '[]']) {
      const answer = await post(secretA, bad);
      expect(answer.status, bad).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'bad_request' } });
    }
    expect((await post(secretA, stop(a.providerSessionId!))).status).toBe(200);
    expect((await socketCall(world.home, '/api/hooks/codex', { method: 'POST', body: '{}', headers: { 'x-codepiper-hook-secret': secretA } })).status).toBe(403);

    const overTcp = await fetch(`${world.daemon.webUrl}/api/hooks/claude`, { method: 'POST', body: stop(a.providerSessionId!), headers: { 'x-codepiper-hook-secret': secretA } });
    expect(overTcp.status).toBe(404);
  });

  it('records the exit, then refuses the hooks of the ended session', async () => {
    const agent = await h.startClaude('ending');
    const secret = hookSecretOf(agent.pid!);
    await h.send(agent.id, '/exit');
    await waitFor(async () => (await h.session(agent.id)).status === 'exited', 'the agent to exit');
    expect((await h.session(agent.id)).agentState).toMatchObject({ state: 'exited', reason: 'session ended (prompt_input_exit)' });
    const late = await socketCall(world.home, '/api/hooks/claude', {
      method: 'POST',
      body: JSON.stringify({ session_id: agent.providerSessionId, hook_event_name: 'Stop' }),
      headers: { 'x-codepiper-hook-secret': secret },
    });
    expect(late.status).toBe(409);
    expect(JSON.parse(late.body)).toMatchObject({ error: { code: 'session_ended' } });
  });
});

describe('approval timeout', () => {
  let world: AgentWorld;
  const h = helpers(() => world);

  beforeAll(async () => {
    world = await startWorld(['--approval-timeout', '1']);
  });

  afterAll(async () => {
    await stopWorld(world);
  });

  it("falls back to the agent's own dialog, still answerable in the terminal, and audits the timeout", async () => {
    const agent = await h.startClaude('timeout');
    await h.send(agent.id, 'run touch timeout-marker');
    // Looked for in the history: with a 1 s timeout it may be over before a first look.
    const timedOut = await waitFor(
      async () => (await h.json<Approval[]>(['approvals', '--all', '--json'])).find((a) => a.session === agent.id && a.status === 'timeout'),
      'the approval to time out',
    );
    const approval = timedOut;
    expect(timedOut.decidedBy).toBe('timeout');
    expect((await h.session(agent.id)).agentState).toMatchObject({ state: 'needs-approval', reason: 'Bash waits for an answer in the terminal' });
    const late = await h.cli(['approve', approval.id]);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/is already timeout/);

    expect(await h.screen(agent.id)).toContain('1. Yes  3. No');
    await h.send(agent.id, '1', false);
    await h.waitForScreen(agent.id, 'Ran touch timeout-marker.');
    expect(existsSync(join(world.workDir, 'timeout-marker'))).toBe(true);
    await h.waitForState(agent.id, 'waiting-input');
    const audit = await h.json<Array<{ actor: string; detail: Record<string, unknown> }>>(['audit', '--type', 'approval.decided', '--json']);
    expect(audit.find((e) => e.detail.approval === approval.id)).toMatchObject({ actor: 'daemon', detail: { decision: 'timeout', decidedBy: 'timeout', tool: 'Bash' } });
  });
});
