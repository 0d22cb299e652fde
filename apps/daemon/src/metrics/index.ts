/** Prometheus metrics: /api/metrics behind authentication, and the optional loopback-only --metrics-port. */
export { DaemonMetrics, type MetricsSources } from './daemon-metrics.js';
export { EXPOSITION_CONTENT_TYPE, renderExposition, type MetricFamily, type MetricType, type Sample } from './exposition.js';
export { MeteredRateLimiter } from './metered-rate-limiter.js';
export { metricsRoutes } from './metrics-routes.js';
export { METRICS_HOST, startMetricsServer } from './metrics-server.js';
export { TrafficMeter } from './traffic-meter.js';
