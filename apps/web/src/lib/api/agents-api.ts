import type { Approval, ProviderInfo } from '@codepiper/protocol';
import { request } from './api-client';

const at = (id: string) => `/api/approvals/${encodeURIComponent(id)}`;

/** Agent providers (what the daemon can launch) and the tool calls held for the owner's approval. */
export const agentsApi = {
  providers: () => request<ProviderInfo[]>('GET', '/api/providers'),
  /** Pending approvals, oldest first; `all`: the latest of any status, newest first. */
  approvals: (all = false) => request<Approval[]>('GET', all ? '/api/approvals?status=all' : '/api/approvals'),
  approve: (id: string, remember = false) => request<Approval>('POST', `${at(id)}/approve`, { body: remember ? { remember: true } : {} }),
  deny: (id: string, reason?: string) => request<Approval>('POST', `${at(id)}/deny`, { body: reason ? { reason } : {} }),
};
