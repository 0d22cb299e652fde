/** Agent providers: the catalog with capabilities, binary detection, launch plans and hook secrets. */
export { PROVIDER_CATALOG, providerDefinition, type ProviderDefinition } from './provider-catalog.js';
export { ProviderRegistry, parseVersion, type FoundBinary, type ProviderRegistryOptions } from './provider-registry.js';
export { buildLaunchPlan, type AgentProviderName, type LaunchFile, type LaunchInput, type LaunchPlan } from './launch-plan.js';
export { CLAUDE_SETTINGS_FILE, claudeSettings, type ClaudeSettings } from './claude-launch.js';
export { hashHookSecret, hookEnv, newHookSecret, type HookSecret } from './hook-secret.js';
export { codexHome, findCodexRollout } from './codex-rollout.js';
