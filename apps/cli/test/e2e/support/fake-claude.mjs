#!/usr/bin/env node
/**
 * A fake `claude` for fast end-to-end tests, behaving like the observed Claude Code 2.1.331 binary
 * (../../../../../../shared/reference/claude-code.md) where CodePiper depends on it: the same flags, command
 * hooks from the --settings file run through `sh -c` with the real payload fields on stdin and their
 * stdout read as the decision (timeout honoured: the hook is killed and the fake falls back to its own
 * dialog), a transcript JSONL with usage under $HOME/.claude/projects/<cwd, each character but
 * letters and digits made `-`>/<session id>.jsonl, and a `❯` prompt.
 *
 * Prompts it understands: `run <command>` (a Bash tool turn: PreToolUse → PermissionRequest when no
 * allow → the command runs and prints its output → PostToolUse → Stop), `/exit` (SessionEnd, exit 0),
 * anything else (a text answer, then Stop). The permission dialog (`1. Yes  3. No`) takes a single
 * key, like the real TUI; answering it kills a PermissionRequest hook that is still running.
 * FAKE_CLAUDE_NOTIFY_MS: delay of the permission_prompt Notification after a dialog appears (6000).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const VERSION = '2.1.331 (Claude Code)';
const DEFAULT_HOOK_TIMEOUT_S = 600;
const USAGE = { input_tokens: 120, output_tokens: 30, cache_creation_input_tokens: 40, cache_read_input_tokens: 900 };

const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}
const flag = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const resumed = flag('--resume');
const sessionId = resumed ?? flag('--session-id') ?? randomUUID();
const settingsFile = flag('--settings');
const model = flag('--model') ?? 'claude-sonnet-4-5';
const settings = settingsFile ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
const permissionMode = settings.permissions?.defaultMode ?? 'auto';
const cwd = process.cwd();
const projectDir = join(process.env.HOME ?? homedir(), '.claude', 'projects', cwd.replace(/[^a-zA-Z0-9]/g, '-'));
const transcriptPath = join(projectDir, `${sessionId}.jsonl`);
const notifyDelayMs = Number(process.env.FAKE_CLAUDE_NOTIFY_MS ?? 6000);

mkdirSync(projectDir, { recursive: true });
let lastUuid = null;
let requestCounter = 0;

function say(text) {
  process.stdout.write(text.replace(/\n/g, '\r\n'));
}

function prompt() {
  say('\n❯\u00a0');
}

function transcript(entry) {
  const uuid = randomUUID();
  appendFileSync(transcriptPath, `${JSON.stringify({ parentUuid: lastUuid, uuid, sessionId, cwd, timestamp: new Date().toISOString(), ...entry })}\n`);
  lastUuid = uuid;
}

/** One API message written as one line per content block, each carrying the full usage. */
function assistantMessage(blocks) {
  // Unique across processes, as the API's ids are: usage is de-duplicated by message and request id.
  const id = `msg_${randomUUID().replace(/-/g, '')}`;
  const requestId = `req_${++requestCounter}_${randomUUID().slice(0, 8)}`;
  for (const block of blocks) {
    transcript({ type: 'assistant', requestId, message: { id, type: 'message', role: 'assistant', model, content: [block], usage: USAGE } });
  }
}

function basePayload(event) {
  return { session_id: sessionId, transcript_path: transcriptPath, cwd, hook_event_name: event };
}

function hooksFor(event, value) {
  const groups = settings.hooks?.[event] ?? [];
  const matches = (matcher) => matcher === undefined || matcher === '' || matcher === '*' || new RegExp(`^(?:${matcher})$`).test(value ?? '');
  return groups.filter((group) => matches(group.matcher)).flatMap((group) => group.hooks ?? []).filter((hook) => hook.type === 'command');
}

/**
 * Runs the event's command hooks one after the other; resolves to the last parsed decision (or null)
 * and can be cancelled (the hook processes are killed, as when the terminal dialog is answered).
 */
function runHooks(event, fields, value) {
  let current = null;
  let cancelled = false;
  const run = async () => {
    let decision = null;
    for (const hook of hooksFor(event, value)) {
      if (cancelled) return null;
      const result = await new Promise((resolveHook) => {
        const child = spawn('sh', ['-c', hook.command], { cwd, env: process.env, stdio: ['pipe', 'pipe', 'pipe'] });
        current = child;
        let stdout = '';
        let stderr = '';
        const timer = setTimeout(() => child.kill('SIGKILL'), (hook.timeout ?? DEFAULT_HOOK_TIMEOUT_S) * 1000);
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.stdin.on('error', () => undefined);
        child.stdin.end(JSON.stringify({ ...basePayload(event), ...fields }));
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          current = null;
          if (signal || cancelled) return resolveHook(null);
          if (code === 2) return resolveHook({ blocked: stderr.trim() });
          const text = stdout.trim();
          if (code !== 0 || text === '') return resolveHook(null);
          try {
            resolveHook(JSON.parse(text));
          } catch {
            say(`\n${event} hook error: not JSON\n`);
            resolveHook(null);
          }
        });
      });
      if (result) decision = result;
    }
    return decision;
  };
  return {
    result: run(),
    cancel: () => {
      cancelled = true;
      current?.kill('SIGKILL');
    },
  };
}

const hook = (event, fields = {}, value) => runHooks(event, fields, value).result;

// ---- input: a tiny line editor in raw mode, single keys for the dialog --------------------------

let line = '';
let busy = false;
let dialog = null;
/** Keys typed while a turn runs wait here, as a real TUI queues them. */
let typed = '';

if (process.stdin.isTTY) process.stdin.setRawMode(true);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (data) => {
  typed += data;
  pump();
});

function pump() {
  while (typed.length > 0) {
    const ch = typed[0];
    if (dialog) {
      typed = typed.slice(1);
      if (ch === '1' || ch === '3') dialog(ch === '1' ? 'yes' : 'no');
      continue;
    }
    if (busy) return;
    typed = typed.slice(1);
    if (ch === '\x03') return void exit('other');
    if (ch === '\r' || ch === '\n') {
      const submitted = line.trim();
      line = '';
      if (submitted !== '') void submit(submitted);
    } else if (ch === '\x7f') {
      line = line.slice(0, -1);
    } else if (ch >= ' ') {
      line += ch;
      say(ch);
    }
  }
}

function idle() {
  busy = false;
  prompt();
  pump();
}

async function submit(text) {
  busy = true;
  say('\n');
  if (text === '/exit') return exit('prompt_input_exit');
  await hook('UserPromptSubmit', { prompt: text, prompt_id: randomUUID(), permission_mode: permissionMode });
  transcript({ type: 'user', message: { role: 'user', content: text } });
  const run = /^run\s+(.+)$/.exec(text);
  if (run) await toolTurn(run[1]);
  else await finish(`You said: ${text}`);
}

async function finish(answer) {
  assistantMessage([{ type: 'text', text: answer }]);
  say(`● ${answer}\n`);
  await hook('Stop', { last_assistant_message: answer, stop_hook_active: false });
  idle();
}

async function toolTurn(command) {
  const toolInput = { command, description: `Run ${command}` };
  const toolUseId = `toolu_fake_${randomUUID().slice(0, 8)}`;
  assistantMessage([
    { type: 'text', text: `I will run ${command}.` },
    { type: 'tool_use', id: toolUseId, name: 'Bash', input: toolInput },
  ]);
  say(`● Bash(${command})\n`);
  const pre = await hook('PreToolUse', { tool_name: 'Bash', tool_input: toolInput, tool_use_id: toolUseId, permission_mode: permissionMode }, 'Bash');
  const preDecision = pre?.blocked !== undefined ? 'deny' : pre?.hookSpecificOutput?.permissionDecision;
  if (preDecision === 'deny') return denied(toolUseId, pre?.hookSpecificOutput?.permissionDecisionReason ?? pre?.blocked ?? 'blocked by a hook');
  if (preDecision === 'allow' || permissionMode === 'auto' || permissionMode === 'bypassPermissions') return execute(command, toolInput, toolUseId);

  const answer = await permissionDialog(command, toolInput);
  if (answer.allow) return execute(command, toolInput, toolUseId);
  if (answer.from === 'hook') return denied(toolUseId, answer.message ?? 'denied by a hook');
  // A denial in the terminal interrupts the turn: no PostToolUse, no Stop.
  say('  ⎿  Interrupted · What should Claude do instead?\n');
  idle();
}

/** The dialog is drawn, then PermissionRequest fires; a hook decision or a key, whichever comes first. */
function permissionDialog(command, toolInput) {
  say(`\nBash command\n  ${command}\nDo you want to proceed?\n 1. Yes  3. No\n`);
  return new Promise((resolveAnswer) => {
    const hooks = runHooks('PermissionRequest', { tool_name: 'Bash', tool_input: toolInput, permission_suggestions: [] }, 'Bash');
    const notify = setTimeout(() => void hook('Notification', { message: 'Claude needs your permission to use Bash', notification_type: 'permission_prompt' }), notifyDelayMs);
    const close = (answer) => {
      clearTimeout(notify);
      dialog = null;
      resolveAnswer(answer);
    };
    dialog = (key) => {
      hooks.cancel();
      say(key === 'yes' ? '(answered 1. Yes)\n' : '(answered 3. No)\n');
      close({ allow: key === 'yes', from: 'terminal' });
    };
    void hooks.result.then((decision) => {
      if (!dialog) return;
      const behavior = decision?.hookSpecificOutput?.decision?.behavior;
      if (behavior === 'allow') close({ allow: true, from: 'hook' });
      else if (behavior === 'deny') close({ allow: false, from: 'hook', message: decision.hookSpecificOutput.decision.message });
      // No decision: the dialog stays, answerable in the terminal.
    });
  });
}

async function execute(command, toolInput, toolUseId) {
  const started = Date.now();
  const result = spawnSync('sh', ['-c', command], { cwd, encoding: 'utf8' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  say(`  ⎿  ${output.trimEnd().replace(/\n/g, '\n     ')}\n`);
  transcript({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUseId, content: output }] } });
  await hook(
    'PostToolUse',
    { tool_name: 'Bash', tool_input: toolInput, tool_response: { stdout: result.stdout, stderr: result.stderr, interrupted: false }, tool_use_id: toolUseId, duration_ms: Date.now() - started },
    'Bash',
  );
  await finish(`Ran ${command}.`);
}

async function denied(toolUseId, reason) {
  say(`  ⎿  Denied: ${reason}\n`);
  transcript({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUseId, content: reason, is_error: true }] } });
  await finish('The command was denied.');
}

async function exit(reason) {
  busy = true;
  await hook('SessionEnd', { reason }, reason);
  process.exit(0);
}

say(`Fake Claude Code ${VERSION.split(' ')[0]} · ${model}\n`);
busy = true;
await hook('SessionStart', { source: resumed ? 'resume' : 'startup', model }, resumed ? 'resume' : 'startup');
idle();
