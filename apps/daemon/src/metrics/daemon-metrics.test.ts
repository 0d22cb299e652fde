import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApprovalRepository, openDatabase, PushDeliveryRepository, SessionRepository, type CodePiperDatabase } from '@codepiper/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonMetrics } from './daemon-metrics.js';
import { MeteredRateLimiter } from './metered-rate-limiter.js';
import { parseExposition, sampleValue } from './test-support/parse-exposition.js';
import { TrafficMeter } from './traffic-meter.js';

let dir: string;
let database: CodePiperDatabase;
let repo: SessionRepository;
let limiter: MeteredRateLimiter;
let traffic: TrafficMeter;
let clients: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cp-metrics-'));
  database = openDatabase(join(dir, 'codepiper.db'));
  repo = new SessionRepository(database);
  limiter = new MeteredRateLimiter();
  traffic = new TrafficMeter();
  clients = 0;
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const metrics = () => new DaemonMetrics({ version: '9.9.9', sessions: () => repo.list({ all: true }), clients: () => clients, database, limiter, traffic });
const scrape = (m: DaemonMetrics) => parseExposition(m.render());

function addSession(id: string, patch: Parameters<SessionRepository['update']>[1] = {}): void {
  repo.insert({ id, name: `s-${id}`, command: ['sh'], cwd: '/', cols: 80, rows: 24 });
  if (Object.keys(patch).length > 0) repo.update(id, patch);
}

describe('DaemonMetrics', () => {
  it('counts sessions by status and running agents by state, with zeros for the states not seen', () => {
    addSession('00000001');
    addSession('00000002', { provider: 'claude', agentState: 'needs-approval' });
    addSession('00000003', { provider: 'codex', agentState: 'working' });
    addSession('00000004', { status: 'exited', provider: 'claude', agentState: 'exited' });
    const families = scrape(metrics());
    expect(families.get('codepiper_sessions')!.type).toBe('gauge');
    expect(families.get('codepiper_sessions')!.samples).toEqual([
      { labels: { status: 'running' }, value: 3 },
      { labels: { status: 'exited' }, value: 1 },
      { labels: { status: 'failed' }, value: 0 },
      { labels: { status: 'stopped' }, value: 0 },
    ]);
    expect(families.get('codepiper_agent_sessions')!.samples).toEqual([
      { labels: { state: 'working' }, value: 1 },
      { labels: { state: 'waiting-input' }, value: 0 },
      { labels: { state: 'needs-approval' }, value: 1 },
    ]);
    expect(sampleValue(families, 'codepiper_info', { version: '9.9.9' })).toBe(1);
  });

  it('counts approvals by status and push deliveries made since the daemon started', () => {
    addSession('00000001');
    const approvals = new ApprovalRepository(database);
    const at = new Date().toISOString();
    const approval = (id: string) => ({ id, sessionId: '00000001', event: 'PreToolUse', tool: 'Bash', input: {}, summary: 'ls', createdAt: at, expiresAt: at });
    approvals.insert(approval('a1'));
    approvals.insert(approval('a2'));
    approvals.decide('a2', { status: 'denied', decidedBy: 'owner', at });
    const deliveries = new PushDeliveryRepository(database);
    const delivery = (outcome: 'delivered' | 'failed') =>
      deliveries.add({ at, subscriptionId: null, deviceName: 'phone', endpointOrigin: 'https://push.example', notificationId: null, event: 'complete', sessionId: null, attempt: 1, outcome, status: 201, error: null });
    delivery('delivered'); // before this daemon started: not counted

    const m = metrics();
    delivery('delivered');
    delivery('failed');
    let families = scrape(m);
    expect(sampleValue(families, 'codepiper_approvals', { status: 'pending' })).toBe(1);
    expect(sampleValue(families, 'codepiper_approvals', { status: 'denied' })).toBe(1);
    expect(sampleValue(families, 'codepiper_approvals', { status: 'approved' })).toBe(0);
    expect(families.get('codepiper_push_deliveries_total')!.type).toBe('counter');
    expect(sampleValue(families, 'codepiper_push_deliveries_total', { outcome: 'delivered' })).toBe(1);
    expect(sampleValue(families, 'codepiper_push_deliveries_total', { outcome: 'failed' })).toBe(1);
    delivery('delivered');
    families = scrape(m);
    expect(sampleValue(families, 'codepiper_push_deliveries_total', { outcome: 'delivered' })).toBe(2);
  });

  it('counts login failures and rate-limited attempts, output bytes and clients', () => {
    const m = metrics();
    limiter.check('10.0.0.1');
    limiter.recordFailure('10.0.0.1');
    for (let i = 0; i < 20 && limiter.check('10.0.0.1').allowed; i++) limiter.recordFailure('10.0.0.1');
    m.countOutput(100);
    m.countOutput(23);
    clients = 2;
    const families = scrape(m);
    expect(sampleValue(families, 'codepiper_login_failures_total', { reason: 'invalid' })).toBe(limiter.failures);
    expect(limiter.failures).toBeGreaterThanOrEqual(2);
    expect(sampleValue(families, 'codepiper_login_failures_total', { reason: 'rate_limited' })).toBe(1);
    expect(sampleValue(families, 'codepiper_session_output_bytes_total')).toBe(123);
    expect(sampleValue(families, 'codepiper_websocket_clients')).toBe(2);
    expect(sampleValue(families, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sampleValue(families, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(families.get('process_cpu_seconds_total')!.type).toBe('counter');
  });
});

describe('TrafficMeter', () => {
  let server: Server;
  afterEach(async () => new Promise<void>((done) => server.close(() => done())));

  it('adds the bytes of open and closed connections per listener', async () => {
    server = createServer((_req, res) => res.end('x'.repeat(1000)));
    traffic.watch(server, 'web');
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
    const { port } = server.address() as AddressInfo;
    const get = () =>
      new Promise<void>((done) => {
        request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => res.resume().on('end', () => done())).end();
      });
    expect(traffic.totals().get('web')).toEqual({ received: 0, sent: 0 });
    await get();
    await get();
    // Whether the server side has closed its socket yet or not, its bytes are counted (open ones at read time).
    const totals = traffic.totals().get('web')!;
    expect(totals.sent).toBeGreaterThan(2000);
    expect(totals.received).toBeGreaterThan(50);
  });
});
