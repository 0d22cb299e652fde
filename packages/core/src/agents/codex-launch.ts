import { hookEnv } from './hook-secret.js';
import type { LaunchInput, LaunchPlan } from './launch-plan.js';

/**
 * `codex -c notify=[node, forwarder, "codex"] [-m model] [resume <id>] [args…]`. Codex runs the
 * `notify` program with the event JSON appended as its last argument (turn complete); the override
 * is a TOML array, and JSON string literals are valid TOML basic strings.
 */
export function codexLaunchPlan(input: LaunchInput): LaunchPlan {
  const notify = `notify=[${[...input.forwarder, 'codex'].map((word) => JSON.stringify(word)).join(', ')}]`;
  return {
    command: [
      input.binaryPath,
      '-c',
      notify,
      ...(input.model ? ['-m', input.model] : []),
      ...(input.resume ? ['resume', input.resume] : []),
      ...(input.args ?? []),
    ],
    env: hookEnv(input),
    unsetEnv: [],
    files: [],
    // A new conversation's thread id is learned from its first notification.
    providerSessionId: input.resume ?? null,
    model: input.model ?? null,
  };
}
