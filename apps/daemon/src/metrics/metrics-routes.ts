import { z } from 'zod';
import { route, type RouteSpec } from '../http/route-spec.js';
import { EXPOSITION_CONTENT_TYPE } from './exposition.js';

/**
 * GET /api/metrics: the Prometheus text format, behind the API's authentication like every other
 * route (a read-only API token is the scraper's credential). Without a credential, `--metrics-port`
 * serves the same text on loopback only.
 */
export function metricsRoutes(render: () => string): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/api/metrics',
      summary: 'Prometheus metrics (text exposition format 0.0.4): sessions, clients, traffic, logins, approvals, push deliveries, process',
      query: z.object({}).strict(),
      responseMediaType: EXPOSITION_CONTENT_TYPE,
      handler: ({ c }) => c.body(render(), 200, { 'Content-Type': EXPOSITION_CONTENT_TYPE }),
    }),
  ];
}
