import type { CreatePolicyRuleRequest, PolicyRule, PolicyTestRequest, PolicyVerdict } from '@codepiper/protocol';
import { REQUEST_TIMEOUT_MS } from '../constants.js';
import type { CodeHints } from '../errors.js';
import { requestJson } from './http-call.js';
import type { HttpCall, Transport } from './transport.js';

const RULE_HINTS: CodeHints = { not_found: 'list rules with "codepiper policy list"', ambiguous: 'use more characters of the rule id' };

/** The daemon's policy routes: the owner's allow/deny/ask rules for agents' tool calls. */
export class PolicyApi {
  constructor(private readonly transport: Transport) {}

  list(): Promise<PolicyRule[]> {
    return this.json({ method: 'GET', path: '/api/policies' });
  }

  add(request: CreatePolicyRuleRequest): Promise<PolicyRule> {
    return this.json({ method: 'POST', path: '/api/policies', body: request });
  }

  async remove(id: string): Promise<void> {
    await this.json({ method: 'DELETE', path: `/api/policies/${encodeURIComponent(id)}`, hints: RULE_HINTS });
  }

  /** A dry run: which rule would decide the call, without anything running. */
  test(request: PolicyTestRequest): Promise<PolicyVerdict> {
    return this.json({ method: 'POST', path: '/api/policies/test', body: request });
  }

  private json<T>(call: Omit<HttpCall, 'timeoutMs'>): Promise<T> {
    return requestJson<T>(this.transport, { timeoutMs: REQUEST_TIMEOUT_MS, ...call });
  }
}
