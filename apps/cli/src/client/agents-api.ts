import type { Approval, ProviderInfo } from '@codepiper/protocol';
import { REQUEST_TIMEOUT_MS } from '../constants.js';
import type { CodeHints } from '../errors.js';
import { requestJson } from './http-call.js';
import type { HttpCall, Transport } from './transport.js';

export interface ApprovalQuery {
  /** Also the latest decided ones (newest first) instead of only the pending ones. */
  all?: boolean;
  session?: string;
}

const APPROVAL_HINTS: CodeHints = { not_found: 'list pending approvals with "codepiper approvals"' };

/** Agent providers and the approvals inbox. */
export class AgentsApi {
  constructor(private readonly transport: Transport) {}

  providers(refresh = false): Promise<ProviderInfo[]> {
    return this.json({ method: 'GET', path: refresh ? '/api/providers?refresh=true' : '/api/providers' });
  }

  approvals(query: ApprovalQuery = {}): Promise<Approval[]> {
    const params = new URLSearchParams();
    if (query.all) params.set('status', 'all');
    if (query.session !== undefined) params.set('session', query.session);
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return this.json({ method: 'GET', path: `/api/approvals${search}` });
  }

  approve(id: string, remember: boolean): Promise<Approval> {
    return this.json({ method: 'POST', path: `/api/approvals/${encodeURIComponent(id)}/approve`, body: remember ? { remember: true } : {}, hints: APPROVAL_HINTS });
  }

  deny(id: string, reason?: string): Promise<Approval> {
    return this.json({ method: 'POST', path: `/api/approvals/${encodeURIComponent(id)}/deny`, body: reason !== undefined ? { reason } : {}, hints: APPROVAL_HINTS });
  }

  private json<T>(call: Omit<HttpCall, 'timeoutMs'>): Promise<T> {
    return requestJson<T>(this.transport, { timeoutMs: REQUEST_TIMEOUT_MS, ...call });
  }
}
