import type { CodePiperDatabase, SessionRecord } from '@codepiper/core';
import { AGENT_STATES, APPROVAL_STATUSES, DELIVERY_OUTCOMES, SESSION_STATUSES } from '@codepiper/protocol';
import { renderExposition, type MetricFamily } from './exposition.js';
import type { MeteredRateLimiter } from './metered-rate-limiter.js';
import type { TrafficMeter } from './traffic-meter.js';

export interface MetricsSources {
  version: string;
  /** Every session the daemon knows (running and ended). */
  sessions: () => readonly Pick<SessionRecord, 'status' | 'agentState'>[];
  /** Open WebSocket connections. */
  clients: () => number;
  database: CodePiperDatabase;
  limiter: MeteredRateLimiter;
  traffic: TrafficMeter;
}

type Statement<Row> = { all: (...params: unknown[]) => Row[]; get: (...params: unknown[]) => Row | undefined };

/**
 * What /metrics reports, computed when scraped. Counters count from the daemon's start (Prometheus
 * handles resets); gauges are read from the database and the live objects. Approvals and push
 * deliveries are read with plain SQL over their tables (an indexed range or a GROUP BY per scrape),
 * because the modules that write them keep no counters of their own.
 */
export class DaemonMetrics {
  private sessionOutputBytes = 0;
  private readonly startTime = Math.floor(Date.now() / 1000 - process.uptime());
  private readonly approvalCounts: Statement<{ status: string; n: number }> | undefined;
  private readonly newDeliveries: Statement<{ id: number; outcome: string }> | undefined;
  private readonly deliveries = new Map<string, number>(DELIVERY_OUTCOMES.map((outcome) => [outcome, 0]));
  private lastDeliveryId = 0;

  constructor(private readonly sources: MetricsSources) {
    const sqlite = sources.database.sqlite;
    this.approvalCounts = prepareIfTable<{ status: string; n: number }>(sqlite, 'approvals', 'SELECT status, count(*) AS n FROM approvals GROUP BY status');
    this.newDeliveries = prepareIfTable<{ id: number; outcome: string }>(sqlite, 'push_deliveries', 'SELECT id, outcome FROM push_deliveries WHERE id > ? ORDER BY id');
    if (this.newDeliveries) {
      const last = prepareIfTable<{ id: number | null }>(sqlite, 'push_deliveries', 'SELECT max(id) AS id FROM push_deliveries')?.get();
      this.lastDeliveryId = last?.id ?? 0;
    }
  }

  /** Terminal output read from the pty host (called on every output event: an addition, nothing more). */
  countOutput(bytes: number): void {
    this.sessionOutputBytes += bytes;
  }

  render(): string {
    return renderExposition(this.families());
  }

  families(): MetricFamily[] {
    const sessions = this.sources.sessions();
    const byStatus = new Map<string, number>(SESSION_STATUSES.map((s) => [s, 0]));
    // Running agents by what their hooks last said; ended sessions keep exited/failed, counted above.
    const agents = new Map<string, number>(AGENT_STATES.filter((s) => s !== 'exited' && s !== 'failed').map((s) => [s, 0]));
    for (const session of sessions) {
      byStatus.set(session.status, (byStatus.get(session.status) ?? 0) + 1);
      if (session.status === 'running' && session.agentState !== null) agents.set(session.agentState, (agents.get(session.agentState) ?? 0) + 1);
    }
    const traffic = this.sources.traffic.totals();
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const families: MetricFamily[] = [
      { name: 'codepiper_info', help: 'The daemon version (always 1).', type: 'gauge', samples: [{ labels: { version: this.sources.version }, value: 1 }] },
      { name: 'codepiper_sessions', help: 'Sessions the daemon knows, by status.', type: 'gauge', samples: [...byStatus].map(([status, value]) => ({ labels: { status }, value })) },
      { name: 'codepiper_agent_sessions', help: 'Running agent sessions, by the state their hooks reported.', type: 'gauge', samples: [...agents].map(([state, value]) => ({ labels: { state }, value })) },
      { name: 'codepiper_websocket_clients', help: 'Open WebSocket connections (CLI attach, dashboards).', type: 'gauge', samples: [{ value: this.sources.clients() }] },
      {
        name: 'codepiper_network_received_bytes_total',
        help: 'Bytes received on the daemon listeners (HTTP and WebSocket), by listener.',
        type: 'counter',
        samples: [...traffic].map(([listener, totals]) => ({ labels: { listener }, value: totals.received })),
      },
      {
        name: 'codepiper_network_sent_bytes_total',
        help: 'Bytes sent on the daemon listeners (HTTP and WebSocket), by listener.',
        type: 'counter',
        samples: [...traffic].map(([listener, totals]) => ({ labels: { listener }, value: totals.sent })),
      },
      { name: 'codepiper_session_output_bytes_total', help: "Terminal output read from the sessions' ptys.", type: 'counter', samples: [{ value: this.sessionOutputBytes }] },
      {
        name: 'codepiper_login_failures_total',
        help: 'Login and setup-code attempts refused: wrong credentials (invalid) or held back by the rate limiter (rate_limited).',
        type: 'counter',
        samples: [
          { labels: { reason: 'invalid' }, value: this.sources.limiter.failures },
          { labels: { reason: 'rate_limited' }, value: this.sources.limiter.refusals },
        ],
      },
    ];
    if (this.approvalCounts) {
      const counts = new Map<string, number>(APPROVAL_STATUSES.map((s) => [s, 0]));
      for (const row of this.approvalCounts.all()) counts.set(row.status, row.n);
      families.push({ name: 'codepiper_approvals', help: 'Tool-call approvals recorded, by status (pending: waiting for the owner now).', type: 'gauge', samples: [...counts].map(([status, value]) => ({ labels: { status }, value })) });
    }
    if (this.newDeliveries) {
      for (const row of this.newDeliveries.all(this.lastDeliveryId)) {
        this.deliveries.set(row.outcome, (this.deliveries.get(row.outcome) ?? 0) + 1);
        this.lastDeliveryId = row.id;
      }
      families.push({ name: 'codepiper_push_deliveries_total', help: 'Push notification delivery attempts, by outcome.', type: 'counter', samples: [...this.deliveries].map(([outcome, value]) => ({ labels: { outcome }, value })) });
    }
    families.push(
      { name: 'process_cpu_seconds_total', help: 'User and system CPU time of the daemon process.', type: 'counter', samples: [{ value: (cpu.user + cpu.system) / 1e6 }] },
      { name: 'process_resident_memory_bytes', help: 'Resident memory of the daemon process.', type: 'gauge', samples: [{ value: memory.rss }] },
      { name: 'nodejs_heap_used_bytes', help: 'V8 heap in use by the daemon.', type: 'gauge', samples: [{ value: memory.heapUsed }] },
      { name: 'process_start_time_seconds', help: 'Start of the daemon process, seconds since the Unix epoch.', type: 'gauge', samples: [{ value: this.startTime }] },
    );
    return families;
  }
}

function prepareIfTable<Row>(sqlite: CodePiperDatabase['sqlite'], table: string, sql: string): Statement<Row> | undefined {
  const exists = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
  return exists ? (sqlite.prepare(sql) as unknown as Statement<Row>) : undefined;
}
