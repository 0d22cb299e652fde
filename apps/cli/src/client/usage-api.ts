import type { UsageGrouping, UsageReport } from '@codepiper/protocol';
import { USAGE_REQUEST_TIMEOUT_MS } from '../constants.js';
import type { CodeHints } from '../errors.js';
import { requestJson } from './http-call.js';
import type { Transport } from './transport.js';

export interface UsageApiQuery {
  session?: string;
  since?: string;
  by?: UsageGrouping;
}

const HINTS: CodeHints = { not_found: 'list sessions with "codepiper sessions --all"' };

/** The daemon's token usage route. */
export class UsageApi {
  constructor(private readonly transport: Transport) {}

  report(query: UsageApiQuery = {}): Promise<UsageReport> {
    const params = new URLSearchParams();
    if (query.session !== undefined) params.set('session', query.session);
    if (query.since !== undefined) params.set('since', query.since);
    if (query.by !== undefined) params.set('by', query.by);
    const search = params.size > 0 ? `?${params.toString()}` : '';
    return requestJson<UsageReport>(this.transport, { method: 'GET', path: `/api/usage${search}`, timeoutMs: USAGE_REQUEST_TIMEOUT_MS, hints: HINTS });
  }
}
