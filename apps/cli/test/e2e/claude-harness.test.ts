import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeBinary, prepareClaudeHome, type ClaudeHome } from './support/claude-home.js';
import { HookRecorder, type HookEvent } from './support/claude-hooks.js';
import { CLAUDE_PROMPT, launchClaude, type ClaudePty } from './support/claude-pty.js';
import { transcriptUsage } from './support/claude-transcript.js';
import { lastUserText, onceStep, startMockAnthropic, text, toolResults, toolUse, type MockAnthropic } from './support/mock-anthropic.js';
import { makeTempDir, removeTempDir } from './support/temp-dir.js';

// The harness the agent end-to-end tests stand on: the real binary from npm, in a pty, offline against a
// local mock of the Messages API, with command hooks for every event. It also pins the behaviours of
// this version that CodePiper's hook handling relies on, so a version bump that changes them fails here.

const binary = claudeBinary();
if (!binary.runnable && process.env.CI) throw new Error(`the Claude Code binary must run in CI: ${binary.reason}`);

const PROMPT = 'Write the harness marker';
/** Writing a file needs permission in "default" mode (a bare `echo` is read-only and runs unasked). */
const COMMAND = 'echo harness-ok > harness-ok.txt && cat harness-ok.txt';
const DIALOG = /Do you want to proceed\?/;

const preToolUse = (permissionDecision: 'allow' | 'deny', permissionDecisionReason: string) => ({
  hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision, permissionDecisionReason },
});

describe.skipIf(!binary.runnable)(`Claude Code ${binary.version ?? ''} against the mock Messages API`, () => {
  let root: string;
  let cwd: string;
  let mock: MockAnthropic;
  let home: ClaudeHome;
  let hooks: HookRecorder;
  let sessionId: string;
  let claude: ClaudePty | undefined;

  beforeEach(async () => {
    root = makeTempDir('cp-claude-');
    cwd = join(root, 'project');
    mkdirSync(cwd);
    mkdirSync(join(root, 'home'));
    mock = await startMockAnthropic({
      script: [
        // A text block before the tool call: the transcript then holds two lines for that one message.
        onceStep((request) => lastUserText(request).includes(PROMPT), toolUse('Bash', { command: COMMAND, description: 'Write the harness marker' }, 'Writing the marker.')),
        onceStep(
          (request) => toolResults(request).length > 0,
          (request) => {
            const [result] = toolResults(request);
            return text(result!.isError ? `The command was refused: ${result!.text}` : `The command printed: ${result!.text}`);
          },
        ),
      ],
    });
    home = prepareClaudeHome({ home: join(root, 'home'), cwd, baseUrl: mock.url });
    hooks = new HookRecorder(root);
    sessionId = randomUUID();
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && claude) {
      const trail = hooks.records().map((r) => `${r.event}:${r.phase}${r.how ? `(${r.how})` : ''}`);
      console.error(`screen at failure:\n${claude.screen.text()}\nhooks: ${trail.join(', ')}`);
    }
    await claude?.dispose();
    claude = undefined;
    hooks.close();
    await mock.close();
    removeTempDir(root);
  });

  const launch = (): ClaudePty => {
    claude = launchClaude({ binary: binary.path!, args: ['--settings', hooks.settingsFile, '--session-id', sessionId], cwd, env: home.env });
    return claude;
  };
  const exit = async (session: ClaudePty): Promise<void> => {
    await session.submit('/exit');
    expect(await session.exited).toBe(0);
    expect(await hooks.waitForEvent('SessionEnd')).toMatchObject({ reason: 'prompt_input_exit' });
  };
  const events = (): string[] => hooks.payloads().map((payload) => payload.hook_event_name);
  const hookEnded = (event: HookEvent, how?: string): boolean => hooks.records().some((r) => r.event === event && r.phase === 'end' && (how === undefined || r.how === how));
  const marker = (): string => join(cwd, 'harness-ok.txt');
  const toolUseId = (): string => {
    const block = mock.conversation()[0]?.reply?.content.find((b) => b.type === 'tool_use');
    return block?.type === 'tool_use' ? block.id! : '';
  };

  it('runs a Bash command a PreToolUse hook allows, reports every hook with the real payloads and accounts the usage in its transcript', async () => {
    hooks.reply('PreToolUse', preToolUse('allow', 'allowed by the harness'));
    const session = launch();
    await session.submit(PROMPT);
    const stop = await hooks.waitForEvent('Stop');
    await exit(session);

    // The allow decision skips the permission dialog: no PermissionRequest, and the command really ran.
    expect(events()).toEqual(['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Stop', 'SessionEnd']);
    expect(readFileSync(marker(), 'utf8')).toBe('harness-ok\n');
    const transcriptPath = home.transcriptPath(sessionId);
    for (const payload of hooks.payloads()) {
      expect(payload).toMatchObject({ session_id: sessionId, transcript_path: transcriptPath, cwd: realpathSync(cwd) });
    }
    const [start, submit, pre, post] = hooks.payloads();
    expect(start).toMatchObject({ hook_event_name: 'SessionStart', source: 'startup' });
    expect(submit).toMatchObject({ hook_event_name: 'UserPromptSubmit', prompt: PROMPT, permission_mode: 'default' });
    expect(pre).toMatchObject({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: COMMAND }, tool_use_id: toolUseId() });
    expect(post).toMatchObject({ hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_use_id: toolUseId(), tool_response: { stdout: 'harness-ok', interrupted: false } });
    expect(stop).toMatchObject({ stop_hook_active: false, last_assistant_message: 'The command printed: harness-ok' });

    // The model saw the command's output; the conversation took exactly the two scripted turns.
    expect(toolResults(mock.conversation()[1]!)).toEqual([{ toolUseId: toolUseId(), isError: false, text: 'harness-ok' }]);
    expect(mock.conversation()).toHaveLength(2);
    expect(mock.unexpected()).toEqual([]);

    // Usage: one line per content block, each with the whole message's usage; counted once per message it is
    // exactly what the mock sent.
    expect(existsSync(transcriptPath)).toBe(true);
    const usage = transcriptUsage(transcriptPath);
    expect(usage.messages).toBe(2);
    expect(usage.assistantLines).toBeGreaterThan(usage.messages);
    expect(usage.totals).toEqual(mock.usageTotals());
  });

  it('does not run a Bash command a PreToolUse hook denies, and the reason reaches the model as an error result', async () => {
    const reason = 'the harness policy forbids writing markers';
    hooks.reply('PreToolUse', preToolUse('deny', reason));
    const session = launch();
    await session.submit(PROMPT);
    const stop = await hooks.waitForEvent('Stop');
    await exit(session);

    expect(existsSync(marker())).toBe(false);
    expect(events()).toEqual(['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'Stop', 'SessionEnd']);
    const [result] = toolResults(mock.conversation()[1]!);
    expect(result).toMatchObject({ toolUseId: toolUseId(), isError: true });
    // 2.1.331 prefixes the reason: "PreToolUse:Bash hook error: <reason>".
    expect(result!.text).toContain(reason);
    expect(stop.last_assistant_message).toContain(reason);
  });

  it('fires PermissionRequest with the dialog on screen when no hook decides; a yes in the terminal runs the tool while that hook is still pending', async () => {
    hooks.hold('PermissionRequest');
    const session = launch();
    await session.submit(PROMPT);
    const request = await hooks.waitForEvent('PermissionRequest');
    expect(request).toMatchObject({ session_id: sessionId, tool_name: 'Bash', tool_input: { command: COMMAND }, permission_mode: 'default' });
    expect(request).not.toHaveProperty('tool_use_id');
    expect(Array.isArray(request.permission_suggestions)).toBe(true);
    const dialog = await session.screen.waitFor(DIALOG);
    expect(dialog).toMatch(/1\. Yes\n/);
    expect(dialog).toMatch(/4\. No\n/);

    await session.answer(DIALOG, '1');
    await hooks.waitForEvent('Stop');
    expect(readFileSync(marker(), 'utf8')).toBe('harness-ok\n');
    expect(events()).toEqual(['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PermissionRequest', 'PostToolUse', 'Stop']);
    // Answered in the terminal, the hook is left running: whoever holds it must learn the outcome elsewhere.
    expect(hookEnded('PermissionRequest')).toBe(false);

    await exit(session);
    await hooks.waitUntil(() => hookEnded('PermissionRequest', 'SIGTERM'), 'the pending PermissionRequest hook terminated at exit');
  });

  it('ends the turn without Stop and terminates the pending PermissionRequest hook when the dialog is refused in the terminal', async () => {
    hooks.hold('PermissionRequest');
    const session = launch();
    await session.submit(PROMPT);
    await hooks.waitForEvent('PermissionRequest');
    await session.answer(DIALOG, '\x1b');
    await hooks.waitUntil(() => hookEnded('PermissionRequest', 'SIGTERM'), 'the PermissionRequest hook terminated');
    await session.screen.waitFor(/Interrupted/);
    await session.screen.waitFor(CLAUDE_PROMPT);
    await exit(session);

    expect(existsSync(marker())).toBe(false);
    expect(events()).toEqual(['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PermissionRequest', 'SessionEnd']);
    expect(mock.conversation()).toHaveLength(1);
  });

  it('does not run the tool a PermissionRequest hook denies; the message reaches the model and the turn goes on to Stop', async () => {
    const message = 'denied from the approvals inbox';
    hooks.reply('PermissionRequest', { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'deny', message } } });
    const session = launch();
    await session.submit(PROMPT);
    const stop = await hooks.waitForEvent('Stop');
    await exit(session);

    expect(existsSync(marker())).toBe(false);
    expect(events()).toEqual(['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PermissionRequest', 'Stop', 'SessionEnd']);
    expect(toolResults(mock.conversation()[1]!)).toEqual([{ toolUseId: toolUseId(), isError: true, text: message }]);
    expect(stop.last_assistant_message).toBe(`The command was refused: ${message}`);
  });
});
