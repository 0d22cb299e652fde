import type { AnalyticsReport, UsageQuery, UsageReport } from '@codepiper/protocol';
import { request } from './api-client';

const search = (params: Record<string, string | undefined>): string => {
  const query = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return query.size > 0 ? `?${query.toString()}` : '';
};

/** Token usage and cost read from the agents' transcripts. */
export const usageApi = {
  analytics: (since?: string) => request<AnalyticsReport>('GET', `/api/analytics${search({ since })}`),
  report: (query: UsageQuery = {}) => request<UsageReport>('GET', `/api/usage${search({ session: query.session, since: query.since, by: query.by })}`),
};
