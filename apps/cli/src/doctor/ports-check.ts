import { createServer } from 'node:net';
import { loadConfigFile, resolveDaemonSettings, type DaemonSettings } from '@codepiper/core/config';
import type { DaemonStatus } from '@codepiper/protocol';
import { DOCTOR_PROBE_TIMEOUT_MS } from '../constants.js';
import type { CheckResult, DoctorCheck } from './checks.js';

/** Whether something already listens on host:port: we try to listen there ourselves, and let go at once. */
export function probePort(host: string, port: number): Promise<'free' | 'in-use' | string> {
  return new Promise((resolveProbe) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolveProbe(error.code === 'EADDRINUSE' ? 'in-use' : (error.code ?? error.message)));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolveProbe('free')));
  });
}

/** Whether the metrics port answers with our metrics (the daemon's status does not list it). */
async function servesOurMetrics(port: number): Promise<boolean> {
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(DOCTOR_PROBE_TIMEOUT_MS) });
    return answer.ok && (await answer.text()).includes('codepiper_info');
  } catch {
    return false;
  }
}

interface PortUse {
  what: string;
  host: string;
  port: number;
  key: 'port' | 'wsPort' | 'metricsPort';
  /** The daemon cannot start without it (a port it will listen on). */
  needed: boolean;
  /** The running daemon's own port for this listener, if any. */
  ours: number | undefined;
}

/**
 * The ports the daemon is configured for (config.json and CODEPIPER_* here; flags cannot be known):
 * free, or in use by this daemon, is fine; taken by another program is a failure when the daemon is not
 * running (it would not start) and a warning when it runs on other ports.
 */
export const portsCheck: DoctorCheck = async (ctx) => {
  if (!ctx.local || !ctx.home) return [];
  let settings: DaemonSettings;
  try {
    settings = resolveDaemonSettings({ env: ctx.env ?? process.env, file: loadConfigFile(ctx.home) }).settings;
  } catch {
    return [{ check: 'ports', status: 'warn', message: 'ports: not checked (config.json or a CODEPIPER_* variable is invalid, see above)' }];
  }
  const status: DaemonStatus | undefined = (await ctx.daemonUp()) ? await ctx.client.status().catch(() => undefined) : undefined;
  const uses: PortUse[] = [
    { what: 'dashboard', host: settings.host, port: settings.port, key: 'port', needed: settings.web, ours: status?.web?.port },
    { what: 'WebSocket', host: settings.host, port: settings.wsPort, key: 'wsPort', needed: true, ours: status?.ws?.port },
  ];
  if (settings.metricsPort !== null) uses.push({ what: 'metrics', host: '127.0.0.1', port: settings.metricsPort, key: 'metricsPort', needed: true, ours: undefined });
  const results: CheckResult[] = [];
  for (const use of uses) {
    const label = `port ${use.port} (${use.what}${use.key === 'port' && !settings.web ? ', with --web' : ''})`;
    if (use.port === 0) {
      results.push({ check: 'ports', status: 'ok', message: `${label}: any free port is taken at start` });
      continue;
    }
    if (use.ours === use.port || (use.key === 'metricsPort' && status && (await servesOurMetrics(use.port)))) {
      results.push({ check: 'ports', status: 'ok', message: `${label}: in use by this daemon` });
      continue;
    }
    const probe = await probePort(use.host, use.port);
    if (probe === 'free') {
      results.push({ check: 'ports', status: 'ok', message: `${label}: free on ${use.host}` });
      continue;
    }
    const fix = `free it, or choose another: codepiper config set ${use.key} <port>`;
    if (probe !== 'in-use') {
      results.push({ check: 'ports', status: 'fail', message: `${label}: cannot listen on ${use.host} (${probe})`, fix: probe === 'EACCES' ? `ports below 1024 need privileges: ${fix}` : fix });
    } else if (status) {
      results.push({ check: 'ports', status: 'warn', message: `${label}: taken by another program (this daemon listens on ${use.ours ?? 'another port'})`, fix: `${fix}, else the next start fails` });
    } else {
      results.push({ check: 'ports', status: use.needed ? 'fail' : 'warn', message: `${label}: taken by another program, so the daemon cannot listen there`, fix });
    }
  }
  return results;
};
