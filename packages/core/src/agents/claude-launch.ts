import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CLAUDE_HOOK_EVENTS, type ClaudeHookEvent } from '@codepiper/protocol';
import { HOOK_DEFAULT_TIMEOUT_SECONDS, HOOK_TIMEOUT_MARGIN_SECONDS } from '../constants.js';
import { hookEnv } from './hook-secret.js';
import type { LaunchInput, LaunchPlan } from './launch-plan.js';

/** The per-session settings file passed with `--settings`. */
export const CLAUDE_SETTINGS_FILE = 'claude-settings.json';

/** Events whose hooks Claude Code filters with a matcher (tool name, notification type, start source). */
const MATCHED_EVENTS: ReadonlySet<ClaudeHookEvent> = new Set(['PreToolUse', 'PermissionRequest', 'PostToolUse', 'Notification', 'SessionStart']);

/** Events whose hook may wait for the owner's decision. */
const DECIDING_EVENTS: ReadonlySet<ClaudeHookEvent> = new Set(['PreToolUse', 'PermissionRequest']);

interface CommandHook {
  type: 'command';
  command: string;
  timeout: number;
}

export interface ClaudeSettings {
  permissions: { defaultMode: 'default' };
  hooks: Record<string, Array<{ matcher?: string; hooks: CommandHook[] }>>;
}

/**
 * The settings Claude Code is launched with: every lifecycle event runs the forwarder. The permission
 * mode is pinned to "default" because 2.1.331 otherwise starts in "auto" mode, where tools run with no
 * permission request at all. Hooks that may hold a tool call time out only after the daemon has had
 * its full approval timeout, so the daemon, not a killed hook, ends the wait.
 */
export function claudeSettings(input: Pick<LaunchInput, 'forwarder' | 'approvalTimeoutMs'>): ClaudeSettings {
  const command = [...input.forwarder, 'claude'].map(shellQuote).join(' ');
  const decidingTimeout = Math.ceil(input.approvalTimeoutMs / 1000) + HOOK_TIMEOUT_MARGIN_SECONDS;
  const hooks: ClaudeSettings['hooks'] = {};
  for (const event of CLAUDE_HOOK_EVENTS) {
    const hook: CommandHook = { type: 'command', command, timeout: DECIDING_EVENTS.has(event) ? decidingTimeout : HOOK_DEFAULT_TIMEOUT_SECONDS };
    hooks[event] = [{ ...(MATCHED_EVENTS.has(event) ? { matcher: '*' } : {}), hooks: [hook] }];
  }
  return { permissions: { defaultMode: 'default' }, hooks };
}

/**
 * `claude --session-id <uuid> --settings <file> [--model m] [args…]`, or `--resume <id>` instead of a
 * new id (a session id can be given only once; resuming keeps the conversation's id).
 */
export function claudeLaunchPlan(input: LaunchInput): LaunchPlan {
  const settingsPath = join(input.sessionDir, CLAUDE_SETTINGS_FILE);
  const providerSessionId = input.resume ?? (input.newSessionId ?? randomUUID)();
  const identity = input.resume ? ['--resume', input.resume] : ['--session-id', providerSessionId];
  return {
    command: [input.binaryPath, ...identity, '--settings', settingsPath, ...(input.model ? ['--model', input.model] : []), ...(input.args ?? [])],
    env: hookEnv(input),
    // Set by Claude Code for its own children: a daemon started from inside a Claude session would
    // otherwise pass it on, and the agent would take itself for a nested session.
    unsetEnv: ['CLAUDECODE'],
    files: [{ path: settingsPath, content: `${JSON.stringify(claudeSettings(input), null, 2)}\n`, mode: 0o600 }],
    providerSessionId,
    model: input.model ?? null,
  };
}

/** Quotes one word for `sh -c`, which is how Claude Code runs a command hook. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
