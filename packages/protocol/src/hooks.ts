import { z } from 'zod';

/** Claude Code's hook events, in the order a normal approved turn fires them. */
export const CLAUDE_HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PermissionRequest',
  'Notification',
  'PostToolUse',
  'Stop',
  'SessionEnd',
] as const;
export type ClaudeHookEvent = (typeof CLAUDE_HOOK_EVENTS)[number];

/**
 * What every Claude Code hook receives (on stdin for a command hook, as the body of an http hook).
 * Field names as the binary sends them; unknown fields are kept, since newer versions add some.
 */
export const ClaudeHookPayloadSchema = z
  .object({
    session_id: z.string(),
    transcript_path: z.string().optional(),
    cwd: z.string().optional(),
    hook_event_name: z.string(),
    // SessionStart
    source: z.string().optional(),
    model: z.string().optional(),
    // UserPromptSubmit
    prompt: z.string().optional(),
    /** The user prompt a turn serves; 2.1.331 sends it on the events of that turn, PermissionRequest included. */
    prompt_id: z.string().optional(),
    permission_mode: z.string().optional(),
    // PreToolUse, PermissionRequest, PostToolUse
    tool_name: z.string().optional(),
    tool_input: z.unknown().optional(),
    tool_use_id: z.string().optional(),
    tool_response: z.unknown().optional(),
    // Notification
    message: z.string().optional(),
    notification_type: z.string().optional(),
    // Stop, SessionEnd
    stop_hook_active: z.boolean().optional(),
    reason: z.string().optional(),
  })
  .loose();
export type ClaudeHookPayload = z.infer<typeof ClaudeHookPayloadSchema>;

/** Codex's `notify` program argument (a JSON string), e.g. `{"type":"agent-turn-complete","thread-id":…}`. */
export const CodexNotifyPayloadSchema = z
  .object({
    type: z.string(),
    'thread-id': z.string().optional(),
    'turn-id': z.string().optional(),
    cwd: z.string().optional(),
  })
  .loose();
export type CodexNotifyPayload = z.infer<typeof CodexNotifyPayloadSchema>;

/**
 * The header carrying a session's hook secret. The daemon takes the session from the secret, never
 * from the payload, so one session's hooks can never act on another.
 */
export const HOOK_SECRET_HEADER = 'x-codepiper-hook-secret';
