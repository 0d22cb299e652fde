import type { CreatePolicyRuleRequest, PolicyRule, PolicyTestRequest, PolicyVerdict } from '@codepiper/protocol';
import { request } from './api-client';

/** The owner's allow/deny/ask rules for agents' tool calls, and dry runs of them. */
export const policyApi = {
  list: () => request<PolicyRule[]>('GET', '/api/policies'),
  add: (body: CreatePolicyRuleRequest) => request<PolicyRule>('POST', '/api/policies', { body }),
  remove: (id: string) => request<void>('DELETE', `/api/policies/${encodeURIComponent(id)}`),
  test: (body: PolicyTestRequest) => request<PolicyVerdict>('POST', '/api/policies/test', { body }),
};
