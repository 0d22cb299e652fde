import type { DaemonStatus } from '@codepiper/protocol';
import { formatAge } from './session-table.js';

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export function webUrl(status: DaemonStatus): string | undefined {
  return status.web ? `http://${hostForUrl(status.web.host)}:${status.web.port}` : undefined;
}

export function wsUrl(status: DaemonStatus): string | undefined {
  return status.ws ? `ws://${hostForUrl(status.ws.host)}:${status.ws.port}` : undefined;
}

/** `daemon status`: a heading line, then one labelled line per fact. */
export function formatDaemonStatus(status: DaemonStatus, now: number = Date.now()): string {
  const rows: [string, string][] = [
    ['home', status.home],
    ['socket', status.socket],
    ['web', webUrl(status) ?? 'off (start with --web)'],
    ['ws', wsUrl(status) ?? 'off'],
    ['sessions', `${status.sessions.running} running, ${status.sessions.total} total`],
    ['pty host', status.ptyHost ? `pid ${status.ptyHost.pid}` : 'not running'],
  ];
  const heading = `codepiper daemon running (pid ${status.pid}, version ${status.version}, up ${formatAge(status.startedAt, now)})`;
  return [heading, ...formatLabelled(rows)].join('\n');
}

/** `daemon --detach`: what was started and where to reach it. */
export function formatDaemonStarted(status: DaemonStatus, logPath: string): string {
  const rows: [string, string][] = [['socket', status.socket]];
  const web = webUrl(status);
  if (web) rows.push(['web', web]);
  const ws = wsUrl(status);
  if (ws) rows.push(['ws', ws]);
  rows.push(['log', logPath]);
  return [`codepiper daemon started (pid ${status.pid})`, ...formatLabelled(rows)].join('\n');
}

function formatLabelled(rows: readonly [string, string][]): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
}
