import type { ProviderName } from '@codepiper/protocol';
import { claudeLaunchPlan } from './claude-launch.js';
import { codexLaunchPlan } from './codex-launch.js';

/** What the daemon knows when it launches an agent session. */
export interface LaunchInput {
  /** Absolute path of the provider's binary (as found on PATH). */
  binaryPath: string;
  /** The session's own folder in the CodePiper home, where per-session files go. */
  sessionDir: string;
  /** argv that runs the hook forwarder, before the provider argument: `[node, …/hook-forwarder.js]`. */
  forwarder: readonly string[];
  /** CODEPIPER_HOME, so the forwarder finds the daemon socket. */
  home: string;
  /** The session's hook secret (only its hash is stored). */
  hookSecret: string;
  /** How long the daemon holds a tool call for the owner; the agent's hook timeout is set above it. */
  approvalTimeoutMs: number;
  model?: string;
  resume?: string;
  args?: readonly string[];
  /** A fresh conversation id (tests pass a fixed one). */
  newSessionId?: () => string;
}

/** A file written before the spawn. */
export interface LaunchFile {
  path: string;
  content: string;
  mode: number;
}

/** How to start one agent session: argv, environment additions, files, and what to record. */
export interface LaunchPlan {
  command: string[];
  /** Added to the session's environment (after the caller's, so they cannot be overridden). */
  env: Record<string, string>;
  /** Removed from the inherited environment. */
  unsetEnv: string[];
  files: LaunchFile[];
  /** The agent's own conversation id when known before launch (Claude's --session-id, a resumed id). */
  providerSessionId: string | null;
  model: string | null;
}

export type AgentProviderName = Exclude<ProviderName, 'shell'>;

export function buildLaunchPlan(provider: AgentProviderName, input: LaunchInput): LaunchPlan {
  return provider === 'claude' ? claudeLaunchPlan(input) : codexLaunchPlan(input);
}
