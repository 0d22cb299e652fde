import type { ProviderCapabilities, ProviderName } from '@codepiper/protocol';

/** What CodePiper knows about a provider before looking for its binary. */
export interface ProviderDefinition {
  name: ProviderName;
  displayName: string;
  /** The program looked up on the daemon's PATH; null for `shell`, which runs any command. */
  binary: string | null;
  capabilities: ProviderCapabilities;
  /** Suggested in pickers; the binary accepts others. */
  models: string[];
  /** One sentence telling the owner how to get the binary, for "not found" errors and `doctor`. */
  install: string | null;
}

const NONE: ProviderCapabilities = { hooks: false, transcripts: false, resume: false, modelSwitch: false, approvals: false };

/**
 * The providers and their declared capabilities. Clients read these (GET /api/providers) instead of
 * branching on names. Codex has hooks only through `notify` (turn complete), which cannot hold or
 * decide a tool call: no approvals.
 */
export const PROVIDER_CATALOG: Readonly<Record<ProviderName, ProviderDefinition>> = {
  shell: { name: 'shell', displayName: 'Shell', binary: null, capabilities: NONE, models: [], install: null },
  claude: {
    name: 'claude',
    displayName: 'Claude Code',
    binary: 'claude',
    capabilities: { hooks: true, transcripts: true, resume: true, modelSwitch: true, approvals: true },
    models: ['sonnet', 'opus', 'haiku'],
    install: 'install it with "npm install -g @anthropic-ai/claude-code" and make sure "claude" is on the PATH of the daemon',
  },
  codex: {
    name: 'codex',
    displayName: 'Codex',
    binary: 'codex',
    capabilities: { hooks: true, transcripts: true, resume: true, modelSwitch: true, approvals: false },
    models: ['gpt-5-codex', 'gpt-5'],
    install: 'install it with "npm install -g @openai/codex" and make sure "codex" is on the PATH of the daemon',
  },
};

export function providerDefinition(name: ProviderName): ProviderDefinition {
  return PROVIDER_CATALOG[name];
}
