#!/usr/bin/env node
/**
 * `codepiper-daemon`: the daemon alone, for service managers and tests. Users normally run
 * `codepiper daemon`, which calls the same startDaemon().
 */
import { parseArgs } from 'node:util';
import { resolveHome } from '@codepiper/core';
import { isCodePiperError } from '@codepiper/protocol';
import { startDaemon } from './start-daemon.js';

const { values } = parseArgs({
  options: {
    home: { type: 'string' },
    web: { type: 'boolean', default: false },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '3000' },
    'ws-port': { type: 'string', default: '9999' },
    'log-cap-bytes': { type: 'string' },
    'trust-proxy': { type: 'boolean', default: false },
    'public-host': { type: 'string', multiple: true, default: [] },
    'allowed-origin': { type: 'string', multiple: true, default: [] },
    'web-root': { type: 'string' },
    'approval-timeout': { type: 'string' },
  },
  strict: true,
});

const port = Number(values.port);
const wsPort = Number(values['ws-port']);
if (!Number.isInteger(port) || !Number.isInteger(wsPort) || port < 0 || wsPort < 0 || port > 65535 || wsPort > 65535) {
  process.stderr.write('codepiper-daemon: --port and --ws-port take a port number (0 picks a free one)\n');
  process.exit(2);
}

const approvalTimeout = values['approval-timeout'] === undefined ? undefined : Number(values['approval-timeout']);
if (approvalTimeout !== undefined && !(Number.isFinite(approvalTimeout) && approvalTimeout > 0 && approvalTimeout <= 86_400)) {
  process.stderr.write('codepiper-daemon: --approval-timeout takes a number of seconds (more than 0, at most 86400)\n');
  process.exit(2);
}

try {
  const daemon = await startDaemon({
    home: values.home ?? resolveHome(),
    web: values.web ?? false,
    host: values.host ?? '127.0.0.1',
    port,
    wsPort,
    ...(values['log-cap-bytes'] ? { logCapBytes: Number(values['log-cap-bytes']) } : {}),
    trustProxy: values['trust-proxy'] ?? false,
    publicHosts: values['public-host'] ?? [],
    allowedOrigins: values['allowed-origin'] ?? [],
    ...(values['web-root'] ? { webRoot: values['web-root'] } : {}),
    ...(approvalTimeout !== undefined ? { approvalTimeoutMs: Math.round(approvalTimeout * 1000) } : {}),
  });
  await daemon.closed;
} catch (error) {
  process.stderr.write(`codepiper-daemon: ${isCodePiperError(error) ? error.message : String(error)}\n`);
  process.exit(1);
}
