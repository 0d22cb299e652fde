import type { DaemonStatus } from '@codepiper/protocol';
import { describe, expect, it } from 'vitest';
import { formatDaemonStarted, formatDaemonStatus, webUrl, wsUrl } from './daemon-status.js';

const status: DaemonStatus = {
  running: true,
  version: '0.1.0',
  pid: 4242,
  home: '/h',
  socket: '/h/daemon.sock',
  web: null,
  ws: { host: '::1', port: 9999 },
  startedAt: '2025-01-01T11:55:00.000Z',
  sessions: { running: 2, total: 5 },
  ptyHost: { pid: 4243, startedAt: '2025-01-01T11:55:00.000Z' },
};

describe('daemon URLs', () => {
  it('brackets IPv6 hosts and reports a listener that is off as undefined', () => {
    expect(wsUrl(status)).toBe('ws://[::1]:9999');
    expect(webUrl(status)).toBeUndefined();
    expect(webUrl({ ...status, web: { host: '127.0.0.1', port: 3000 } })).toBe('http://127.0.0.1:3000');
  });
});

describe('formatDaemonStatus', () => {
  it('states pid, version, uptime, listeners, session counts and the pty host', () => {
    expect(formatDaemonStatus(status, Date.parse('2025-01-01T12:00:00.000Z')).split('\n')).toEqual([
      'codepiper daemon running (pid 4242, version 0.1.0, up 5m)',
      '  home      /h',
      '  socket    /h/daemon.sock',
      '  web       off (start with --web)',
      '  ws        ws://[::1]:9999',
      '  sessions  2 running, 5 total',
      '  pty host  pid 4243',
    ]);
  });
});

describe('formatDaemonStarted', () => {
  it('prints the pid, the listeners that are on and the log file', () => {
    expect(formatDaemonStarted(status, '/h/logs/daemon.log').split('\n')).toEqual([
      'codepiper daemon started (pid 4242)',
      '  socket  /h/daemon.sock',
      '  ws      ws://[::1]:9999',
      '  log     /h/logs/daemon.log',
    ]);
  });
});
