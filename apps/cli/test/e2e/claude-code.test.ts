import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Approval, PolicyRule, Session, UsageReport } from '@codepiper/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { claudeBinary, prepareClaudeHome, type ClaudeHome } from './support/claude-home.js';
import { DIALOG_RETRY_MS, DIALOG_SETTLE_MS } from './support/claude-pty.js';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { lastUserText, onceStep, startMockAnthropic, text, toolResults, toolUse, type MockAnthropic, type RecordedRequest, type ToolResult } from './support/mock-anthropic.js';
import { CLI_ROOT } from './support/paths.js';
import { descendants, isRunning, processesWithEnv } from './support/process-tree.js';
import { runCli, runCliJson, spawnCli, type CliResult, type RunningCli } from './support/run-cli.js';
import { ScreenWatcher } from './support/screen-watcher.js';
import { SessionFeed } from './support/session-feed.js';
import { socketJson } from './support/socket-call.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';
import { waitFor } from './support/wait-for.js';

// §5.2 of the agents issue: the real Claude Code from npm, started by `codepiper start --provider claude`
// in a real daemon, offline against the local mock of the Messages API. Everything is checked the way a
// user sees it: the CLI, the session feed and events API the web app reads, and the session's screen.

const binary = claudeBinary();
if (!binary.runnable && process.env.CI) throw new Error(`the Claude Code binary must run in CI: ${binary.reason}`);

const COLS = 120;
const ROWS = 40;
const PROMPT = 'Create the marker file';
const DIALOG = /Do you want to proceed\?/;
/** Agent states of a turn that ran its tool without asking: launch, ready, prompt, turn finished. */
const UNASKED_TURN = ['working', 'waiting-input', 'working', 'waiting-input'];
/** The same with a held permission request answered yes (CodePiper or terminal) or no by the owner. */
const ASKED_TURN = ['working', 'waiting-input', 'working', 'needs-approval', 'working', 'waiting-input'];

/**
 * The model's side of a one-tool turn: asked to create the marker, it runs `command` with Bash; given
 * the tool's result, it reports it (a refusal as such), so the transcript ends with a final answer.
 */
function markerScript(command: string) {
  return [
    onceStep((request) => toolResults(request).length === 0 && lastUserText(request).includes(PROMPT), toolUse('Bash', { command, description: 'Create the marker file' }, 'Creating the marker.')),
    onceStep(
      (request) => toolResults(request).length > 0,
      (request) => {
        const [result] = toolResults(request);
        return text(result!.isError ? `The command was refused: ${result!.text}` : `The marker is there.`);
      },
    ),
  ];
}

/** The transcript path and model the daemon stored for a session (not part of the session JSON). */
function storedAgentFacts(home: string, id: string): { transcript_path: string | null; model: string | null } {
  const fromCli = createRequire(join(CLI_ROOT, 'package.json'));
  const fromDaemon = createRequire(fromCli.resolve('@codepiper/daemon/package.json'));
  const fromCore = createRequire(fromDaemon.resolve('@codepiper/core/package.json'));
  const Database = fromCore('better-sqlite3') as new (file: string, options: { readonly: boolean }) => {
    prepare(sql: string): { get(...args: unknown[]): unknown };
    close(): void;
  };
  const db = new Database(join(home, 'codepiper.db'), { readonly: true });
  try {
    return db.prepare('SELECT transcript_path, model FROM sessions WHERE id = ?').get(id) as { transcript_path: string | null; model: string | null };
  } finally {
    db.close();
  }
}

describe.skipIf(!binary.runnable)(`Claude Code ${binary.version ?? ''} in CodePiper sessions`, () => {
  let root: string;
  let home: string;
  let workDir: string;
  let claudeHome: ClaudeHome;
  let daemon: DaemonProcess;
  let feed: SessionFeed;

  // One agent per test, with its own mock (so its usage is its own) and its screen.
  let mock: MockAnthropic | undefined;
  let agent: Session | undefined;
  let screen: ScreenWatcher | undefined;
  let logs: RunningCli | undefined;

  beforeAll(async () => {
    root = makeTempDir('cp-cc-');
    home = join(root, 'cp');
    workDir = join(root, 'work');
    const bin = join(root, 'bin');
    for (const dir of [home, workDir, bin, join(root, 'user')]) mkdirSync(dir);
    symlinkSync(binary.path!, join(bin, 'claude'));
    // Each session gets its own mock's URL with --env; the daemon's default points at a closed port, so a
    // session that missed it fails at once instead of reaching out.
    claudeHome = prepareClaudeHome({ home: join(root, 'user'), cwd: workDir, baseUrl: 'http://127.0.0.1:9' });
    daemon = await startDaemonProcess(home, { env: { ...claudeHome.env, PATH: `${bin}:${claudeHome.env.PATH}` } });
    feed = await SessionFeed.open(home);
  }, 60_000);

  afterAll(async () => {
    try {
      feed?.close();
      await daemon?.stop();
      if (home) {
        // Nothing the sessions started outlives the test: not Claude, not a hook, not a command it ran.
        await waitFor(() => processesWithEnv('CODEPIPER_HOME', home).length === 0, 'every process of the sessions to exit', 10_000).catch(() => undefined);
        expect(processesWithEnv('CODEPIPER_HOME', home)).toEqual([]);
      }
    } finally {
      removeTempDir(root);
    }
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      const events = agent ? await socketJson<unknown[]>(home, `/api/sessions/${agent.id}/events`).catch(String) : [];
      console.error(
        `screen at failure:\n${screen?.text() ?? '(none)'}\nlogs stderr: ${logs?.stderr.text ?? ''}\nsession events: ${JSON.stringify(events)}\ndaemon output:\n${daemon.output.text.slice(-4000)}`,
      );
    }
    try {
      await endAgent();
    } finally {
      logs?.child.kill();
      await logs?.exited;
      await mock?.close();
      logs = undefined;
      screen = undefined;
      mock = undefined;
    }
  });

  const cli = (args: string[]): Promise<CliResult> => runCli(args, { home, cwd: workDir });
  const json = <T>(args: string[]): Promise<T> => runCliJson<T>(args, { home, cwd: workDir });
  const ok = async (args: string[]): Promise<string> => {
    const result = await cli(args);
    expect(result.code, `codepiper ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  };
  const marker = (name: string): string => join(workDir, name);

  /** `codepiper start --provider claude` against a fresh mock scripted to run `command`; resolves at the ready prompt. */
  async function startAgent(name: string, command: string): Promise<Session> {
    mock = await startMockAnthropic({ script: markerScript(command) });
    const mark = feed.mark();
    const started = JSON.parse(
      await ok(['start', '--provider', 'claude', '--name', name, '--cols', String(COLS), '--rows', String(ROWS), '--env', `ANTHROPIC_BASE_URL=${mock.url}`, '--json']),
    ) as Session;
    agent = started;
    await feed.agentState(started.id, 'waiting-input', mark, 'ready');
    // The screen as `codepiper logs --follow --raw` shows it, laid out like a terminal of the session's size.
    screen = new ScreenWatcher(COLS, ROWS);
    logs = spawnCli(['logs', started.id, '--follow', '--raw'], { home });
    const watcher = screen;
    logs.child.stdout!.on('data', (chunk: string) => watcher.push(chunk));
    // Waits on the screen fail at once, with the reason, if the follower ends.
    void logs.exited.then(() => watcher.end());
    return started;
  }

  /** Types the prompt with `codepiper send`; resolves with a mark taken before it, for the waits that follow. */
  async function prompt(id: string): Promise<number> {
    await screen!.waitFor(/^❯\u00a0/m, 15_000, 'the input prompt');
    const mark = feed.mark();
    await ok(['send', id, PROMPT]);
    return mark;
  }

  /** The request that carried the tool's result back to the model. */
  const resultRequest = (): Promise<RecordedRequest> => mock!.waitForRequest((request) => toolResults(request).length > 0, 'the tool result');
  const onlyResult = (request: RecordedRequest): ToolResult => {
    const results = toolResults(request);
    expect(results).toHaveLength(1);
    return results[0]!;
  };
  const toolUseId = (): string => {
    const block = mock!.conversation()[0]?.reply?.content.find((b) => b.type === 'tool_use');
    return block?.type === 'tool_use' ? block.id! : '';
  };

  /** The agent-state history from the events API, oldest first. */
  const agentStates = async (id: string): Promise<string[]> => {
    const events = await socketJson<Array<{ type: string; data: { state: string } }>>(home, `/api/sessions/${id}/events`);
    return events.filter((e) => e.type === 'agent-state').map((e) => e.data.state);
  };

  const history = (id: string): Promise<Approval[]> => json<Approval[]>(['approvals', '--all', '--session', id, '--json']);

  /** `codepiper usage --session` once it has counted every reply the model sent; must equal the mock's figures. */
  async function expectUsageOfMock(id: string): Promise<void> {
    const replies = mock!.conversation().filter((request) => request.reply?.consumed).length;
    const report = await waitFor(async () => {
      const usage = await json<UsageReport>(['usage', '--session', id, '--json']);
      return usage.totals.messages >= replies ? usage : undefined;
    }, `usage of ${replies} messages`);
    const expected = mock!.usageTotals();
    expect(report.totals).toMatchObject({
      messages: replies,
      inputTokens: expected.input_tokens,
      outputTokens: expected.output_tokens,
      cacheCreationInputTokens: expected.cache_creation_input_tokens,
      cacheReadInputTokens: expected.cache_read_input_tokens,
    });
  }

  /**
   * Answers the permission dialog in the session's terminal: 2.1.331 drops a key pressed within ~300 ms
   * of the dialog appearing and nothing on screen tells when it listens, so the key waits a fixed
   * moment after the dialog is drawn, and is pressed again if the dialog is still up.
   */
  async function answerInTerminal(id: string, press: () => Promise<unknown>): Promise<void> {
    await screen!.waitFor(DIALOG, 15_000, 'the permission dialog');
    await delay(DIALOG_SETTLE_MS);
    for (let attempt = 1; ; attempt++) {
      await press();
      try {
        await screen!.waitForGone(DIALOG, DIALOG_RETRY_MS);
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  /** Stops the test's agent and checks that Claude and everything it started are gone. */
  async function endAgent(): Promise<void> {
    if (!agent) return;
    const { id, pid } = agent;
    agent = undefined;
    const tree = pid === null ? [] : [pid, ...descendants(pid).map((p) => p.pid)];
    const mark = feed.mark();
    await ok(['stop', id]);
    await feed.ended(id, mark);
    await waitFor(() => tree.every((p) => !isRunning(p)), `Claude (${pid}) and its children to exit`, 10_000);
  }

  it('reports every hook of a turn an allow rule lets run: model, transcript, states, the tool result and exact usage', async () => {
    const command = 'touch rule-allowed.txt';
    const rule = await json<PolicyRule>(['policy', 'add', 'allow', '--tool', 'Bash', '--input', command, '--reason', 'markers are fine', '--json']);
    const started = await startAgent('cc-allow', command);
    expect(started.command).toEqual([join(root, 'bin', 'claude'), '--session-id', started.providerSessionId, '--settings', join(home, 'sessions', started.id, 'claude-settings.json')]);
    // What the final leak check looks for: the session's processes carry the daemon's home.
    expect(processesWithEnv('CODEPIPER_HOME', home).map((p) => p.pid)).toContain(started.pid);

    const mark = await prompt(started.id);
    const result = onlyResult(await resultRequest());
    const done = await feed.agentState(started.id, 'waiting-input', mark, 'turn finished');
    expect(result).toMatchObject({ toolUseId: toolUseId(), isError: false });
    expect(existsSync(marker('rule-allowed.txt'))).toBe(true);

    // SessionStart reported the model the binary then used; every payload carried the transcript path.
    const model = String(mock!.conversation()[0]!.body.model);
    expect(done.model).toBe(model);
    expect(storedAgentFacts(home, started.id)).toEqual({ model, transcript_path: claudeHome.transcriptPath(started.providerSessionId!) });
    expect(await agentStates(started.id)).toEqual(UNASKED_TURN);
    expect(await history(started.id)).toEqual([expect.objectContaining({ tool: 'Bash', summary: command, status: 'approved', decidedBy: `rule:${rule.id}` })]);
    await expectUsageOfMock(started.id);
    expect(mock!.unexpected()).toEqual([]);
  });

  it('blocks a Bash command a deny rule matches; Claude gets the rule and its reason as an error result', async () => {
    const rule = await json<PolicyRule>(['policy', 'add', 'deny', '--tool', 'Bash', '--input', 'touch rule-denied.txt', '--reason', 'no markers here', '--json']);
    const started = await startAgent('cc-deny', 'touch rule-denied.txt && ls');
    const mark = await prompt(started.id);

    const result = onlyResult(await resultRequest());
    expect(result).toMatchObject({ toolUseId: toolUseId(), isError: true });
    expect(result.text).toContain(`CodePiper rule ${rule.id}: no markers here`);
    await feed.agentState(started.id, 'waiting-input', mark, 'turn finished');
    await screen!.waitFor('The command was refused', 15_000, "Claude's report of the denial");
    expect(existsSync(marker('rule-denied.txt'))).toBe(false);
    expect(await agentStates(started.id)).toEqual(UNASKED_TURN);
    expect(await history(started.id)).toEqual([expect.objectContaining({ summary: 'touch rule-denied.txt && ls', status: 'denied', decidedBy: `rule:${rule.id}`, reason: 'no markers here' })]);
    await expectUsageOfMock(started.id);
  });

  it.each([
    ['an ask rule', true],
    ['no rule', false],
  ])('holds the call with %s until "codepiper approve", showing it in the approvals list', async (_label, withRule) => {
    const file = withRule ? 'ask-approved.txt' : 'unruled-approved.txt';
    const command = `touch ${file}`;
    if (withRule) await ok(['policy', 'add', 'ask', '--tool', 'Bash', '--input', command]);
    const started = await startAgent(withRule ? 'cc-ask' : 'cc-unruled', command);
    const mark = await prompt(started.id);

    const held = await feed.approval(started.id, 'pending', mark);
    await feed.agentState(started.id, 'needs-approval', mark, 'Bash waits for approval');
    const listed = await json<Approval[]>(['approvals', '--json']);
    expect(listed.find((a) => a.session === started.id)).toMatchObject({ id: held.id, tool: 'Bash', summary: command, input: { command }, status: 'pending', provider: 'claude' });
    expect(existsSync(marker(file))).toBe(false);

    expect(await ok(['approve', held.id])).toBe(`approved ${held.id}: Bash ${command}\n`);
    expect(onlyResult(await resultRequest())).toMatchObject({ toolUseId: toolUseId(), isError: false });
    await feed.agentState(started.id, 'waiting-input', mark, 'turn finished');
    expect(existsSync(marker(file))).toBe(true);
    expect(await agentStates(started.id)).toEqual(ASKED_TURN);
    expect(await history(started.id)).toEqual([expect.objectContaining({ id: held.id, status: 'approved', decidedBy: 'local-cli' })]);
    await expectUsageOfMock(started.id);
  });

  it('passes the reason of "codepiper deny" to the model, and the command does not run', async () => {
    const started = await startAgent('cc-owner-deny', 'touch owner-denied.txt');
    const mark = await prompt(started.id);
    const held = await feed.approval(started.id, 'pending', mark);

    await ok(['deny', held.id, '--reason', 'use the staging copy']);
    const result = onlyResult(await resultRequest());
    expect(result).toEqual({ toolUseId: toolUseId(), isError: true, text: 'Denied by the owner in CodePiper: use the staging copy' });
    await feed.agentState(started.id, 'waiting-input', mark, 'turn finished');
    expect(existsSync(marker('owner-denied.txt'))).toBe(false);
    expect(await agentStates(started.id)).toEqual(ASKED_TURN);
    expect(await history(started.id)).toEqual([expect.objectContaining({ status: 'denied', decidedBy: 'local-cli', reason: 'use the staging copy' })]);
    await expectUsageOfMock(started.id);
  });

  it('notices a yes typed in the terminal while the hook is held: cancelled by the terminal, the hook released, the turn goes on', async () => {
    const started = await startAgent('cc-terminal-yes', 'touch terminal-yes.txt');
    const mark = await prompt(started.id);
    const held = await feed.approval(started.id, 'pending', mark);

    await answerInTerminal(started.id, () => ok(['send', started.id, '--no-enter', '--', '1']));
    const settled = await feed.approval(started.id, 'cancelled', mark);
    expect(settled).toMatchObject({ id: held.id, decidedBy: 'terminal', reason: 'answered in the terminal' });
    expect(onlyResult(await resultRequest())).toMatchObject({ toolUseId: toolUseId(), isError: false });
    await feed.agentState(started.id, 'waiting-input', mark, 'turn finished');
    expect(existsSync(marker('terminal-yes.txt'))).toBe(true);
    // The binary leaves a hook running when its dialog is answered in the terminal; the daemon's empty
    // answer is what ends it.
    await waitFor(() => !descendants(started.pid!).some((p) => p.command.includes('hook-forwarder')), 'the held hook to be answered');
    expect(await agentStates(started.id)).toEqual(ASKED_TURN);
    expect(await json<Approval[]>(['approvals', '--json'])).toEqual([]);
    const late = await cli(['approve', held.id]);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/is already cancelled \(by terminal\)/);
    await expectUsageOfMock(started.id);
  });

  it('waits for input after the dialog is refused in the terminal (the turn ends without a Stop)', async () => {
    const started = await startAgent('cc-terminal-no', 'touch terminal-no.txt');
    const mark = await prompt(started.id);
    const held = await feed.approval(started.id, 'pending', mark);

    await answerInTerminal(started.id, () => ok(['keys', started.id, 'esc']));
    expect(await feed.approval(started.id, 'cancelled', mark)).toMatchObject({ id: held.id, decidedBy: 'terminal' });
    await feed.agentState(started.id, 'waiting-input', mark, 'Bash refused in the terminal');
    await screen!.waitFor(/Interrupted/, 15_000, 'the interruption notice');
    expect(existsSync(marker('terminal-no.txt'))).toBe(false);
    expect(mock!.conversation()).toHaveLength(1);
    expect(await agentStates(started.id)).toEqual(['working', 'waiting-input', 'working', 'needs-approval', 'waiting-input']);
    await expectUsageOfMock(started.id);
  });
});
