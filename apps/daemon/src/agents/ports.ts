import type { AuditActor } from '@codepiper/core';
import type { PolicyAction, PolicyRule, PolicyVerdict, ProviderName } from '@codepiper/protocol';

/**
 * What the agents module needs from the policy engine and the usage service (both in @codepiper/core).
 * Declared here as the calls made, so this module depends on the behaviour, not on the classes.
 */
export interface PolicyPort {
  evaluate(call: { tool: string; toolInput: unknown; provider: ProviderName; sessionId: string; cwd: string }): PolicyVerdict;
  add(rule: {
    action: PolicyAction;
    tool: string;
    input?: string;
    cwd?: string;
    provider?: ProviderName;
    sessionId?: string;
    priority?: number;
    reason?: string;
  },
    ctx?: { actor: AuditActor; ip?: string | null },
  ): PolicyRule;
}

export interface UsagePort {
  ingest(source: { sessionId: string; provider: 'claude' | 'codex'; path: string }): Promise<unknown>;
}
