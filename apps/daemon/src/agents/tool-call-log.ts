import { isDeepStrictEqual } from 'node:util';
import { TOOL_CALLS_KEPT_PER_SESSION } from '../constants.js';

/** A tool call as its PreToolUse hook announced it. */
export interface AnnouncedCall {
  toolUseId: string;
  promptId: string | undefined;
  tool: string;
  input: unknown;
}

/**
 * The recent tool calls of each agent session, by the id PreToolUse gives them. Claude Code's
 * PermissionRequest carries no tool_use_id, so a held approval learns which call it is about here
 * (same prompt, tool and input), and can then be matched with that call's PostToolUse.
 */
export class ToolCallLog {
  private readonly bySession = new Map<string, AnnouncedCall[]>();

  record(sessionId: string, call: AnnouncedCall): void {
    const calls = this.bySession.get(sessionId) ?? [];
    calls.push(call);
    if (calls.length > TOOL_CALLS_KEPT_PER_SESSION) calls.splice(0, calls.length - TOOL_CALLS_KEPT_PER_SESSION);
    this.bySession.set(sessionId, calls);
  }

  /** The id of the latest announced call with this prompt, tool and input; undefined when none is known. */
  find(sessionId: string, promptId: string | undefined, tool: string, input: unknown): string | undefined {
    const calls = this.bySession.get(sessionId) ?? [];
    for (let i = calls.length - 1; i >= 0; i--) {
      const call = calls[i]!;
      if (call.promptId === promptId && call.tool === tool && isDeepStrictEqual(call.input, input)) return call.toolUseId;
    }
    return undefined;
  }

  forget(sessionId: string): void {
    this.bySession.delete(sessionId);
  }
}
