import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '@codepiper/protocol';
import { parseExposition, sampleValue, type ParsedFamily } from '../../src/metrics/test-support/parse-exposition.js';
import { DaemonSet } from './support/daemon-set.js';
import type { DaemonProcess } from './support/daemon-process.js';
import { http } from './support/http-client.js';
import { bearer, createToken, web } from './support/owner.js';
import { waitFor } from './support/wait-for.js';

/** The families /metrics promises, with their types. */
const FAMILIES: Record<string, string> = {
  codepiper_info: 'gauge',
  codepiper_sessions: 'gauge',
  codepiper_agent_sessions: 'gauge',
  codepiper_websocket_clients: 'gauge',
  codepiper_network_received_bytes_total: 'counter',
  codepiper_network_sent_bytes_total: 'counter',
  codepiper_session_output_bytes_total: 'counter',
  codepiper_login_failures_total: 'counter',
  codepiper_approvals: 'gauge',
  codepiper_push_deliveries_total: 'counter',
  process_cpu_seconds_total: 'counter',
  process_resident_memory_bytes: 'gauge',
  nodejs_heap_used_bytes: 'gauge',
  process_start_time_seconds: 'gauge',
};

describe('/metrics', () => {
  const daemons = new DaemonSet();
  let daemon: DaemonProcess;
  let metricsPort: number;
  let token: string;

  beforeAll(async () => {
    // --metrics-port 0: a free port, announced in the ready line.
    ({ daemon } = await daemons.startOwned({ args: ['--metrics-port', '0'] }));
    metricsPort = Number(/metrics http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(daemon.stdout())?.[1]);
    token = (await createToken(daemon, 'prometheus', true)).token;
  });

  afterAll(() => daemons.destroyAll());

  const scrapeApi = async (): Promise<Map<string, ParsedFamily>> => {
    const answer = await http(web(daemon), 'GET', '/api/metrics', undefined, bearer(token));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    return parseExposition(answer.body.toString('utf8'));
  };

  it('serves every family with its HELP and TYPE to a read-only API token', async () => {
    const families = await scrapeApi();
    for (const [name, type] of Object.entries(FAMILIES)) {
      expect(families.get(name)?.type, name).toBe(type);
      expect(families.get(name)!.help.length, name).toBeGreaterThan(10);
    }
    expect(families.get('codepiper_info')!.samples[0]!.labels.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('refuses a scrape without credentials on the API port', async () => {
    expect((await http(web(daemon), 'GET', '/api/metrics')).status).toBe(401);
  });

  it('serves the same text without credentials on the metrics port, bound to loopback only', async () => {
    expect(metricsPort).toBeGreaterThan(0);
    const answer = await http({ port: metricsPort }, 'GET', '/metrics');
    expect(answer.status).toBe(200);
    expect(parseExposition(answer.body.toString('utf8')).has('codepiper_sessions')).toBe(true);
    expect((await http({ port: metricsPort }, 'GET', '/api/sessions')).status).toBe(404);
    expect((await http({ port: metricsPort }, 'POST', '/metrics', '')).status).toBe(405);
    expect(daemon.stdout()).toMatch(/metrics http:\/\/127\.0\.0\.1:\d+\/metrics/);
  });

  it('moves with the daemon: sessions, output bytes, traffic and login failures', async () => {
    const before = await scrapeApi();
    const running = sampleValue(before, 'codepiper_sessions', { status: 'running' })!;
    const output = sampleValue(before, 'codepiper_session_output_bytes_total')!;
    const sent = sampleValue(before, 'codepiper_network_sent_bytes_total', { listener: 'web' })!;
    const invalid = sampleValue(before, 'codepiper_login_failures_total', { reason: 'invalid' })!;

    const session = (await http(daemon, 'POST', '/api/sessions', { command: ['sh', '-c', 'printf "%0500d" 0; sleep 300'] })).json<Session>();
    const wrong = await http(web(daemon), 'POST', '/api/auth/login', { password: 'wrong password!', totp: '000000' }, { origin: `http://127.0.0.1:${web(daemon).port}` });
    expect(wrong.status).toBe(401);

    const after = await waitFor(async () => {
      const families = await scrapeApi();
      return sampleValue(families, 'codepiper_session_output_bytes_total')! >= output + 500 ? families : undefined;
    }, 'the session output to be counted');
    expect(sampleValue(after, 'codepiper_sessions', { status: 'running' })).toBe(running + 1);
    expect(sampleValue(after, 'codepiper_network_sent_bytes_total', { listener: 'web' })).toBeGreaterThan(sent);
    expect(sampleValue(after, 'codepiper_network_received_bytes_total', { listener: 'web' })).toBeGreaterThan(0);
    expect(sampleValue(after, 'codepiper_login_failures_total', { reason: 'invalid' })).toBe(invalid + 1);
    await http(daemon, 'POST', `/api/sessions/${session.id}/kill`, {});
  });
});
