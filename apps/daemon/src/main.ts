#!/usr/bin/env node
/**
 * `codepiper-daemon`: the daemon alone, for service managers and tests. Users normally run
 * `codepiper daemon`, which calls the same startDaemon().
 */
import { parseArgs } from 'node:util';
import { loadDaemonSettings, resolveHome, type DaemonSettings } from '@codepiper/core';
import { isCodePiperError } from '@codepiper/protocol';
import { pushSubjectProblem } from './push/index.js';
import { startDaemon } from './start-daemon.js';

const { values } = parseArgs({
  options: {
    home: { type: 'string' },
    web: { type: 'boolean' },
    'no-web': { type: 'boolean' },
    host: { type: 'string' },
    port: { type: 'string' },
    'ws-port': { type: 'string' },
    'log-cap-bytes': { type: 'string' },
    'trust-proxy': { type: 'boolean' },
    'no-trust-proxy': { type: 'boolean' },
    'public-host': { type: 'string', multiple: true },
    'allowed-origin': { type: 'string', multiple: true },
    'web-root': { type: 'string' },
    'approval-timeout': { type: 'string' },
    'push-subject': { type: 'string' },
    'metrics-port': { type: 'string' },
  },
  strict: true,
});

const home = values.home ?? resolveHome();
const flag = (yes: boolean | undefined, no: boolean | undefined): boolean | undefined => (yes ? true : no ? false : undefined);
const number = (text: string | undefined): number | string | undefined => (text === undefined ? undefined : /^\d+$/.test(text) ? Number(text) : text);

let settings: DaemonSettings;
try {
  // Flags, then CODEPIPER_* variables, then $home/config.json, then the defaults: as `codepiper daemon`.
  settings = loadDaemonSettings(home, {
    web: flag(values.web, values['no-web']),
    host: values.host,
    port: number(values.port),
    wsPort: number(values['ws-port']),
    trustProxy: flag(values['trust-proxy'], values['no-trust-proxy']),
    publicHosts: values['public-host'],
    allowedOrigins: values['allowed-origin'],
    logCapBytes: number(values['log-cap-bytes']),
    approvalTimeout: number(values['approval-timeout']),
    pushSubject: values['push-subject'],
    metricsPort: number(values['metrics-port']),
  }).settings;
} catch (error) {
  const message = isCodePiperError(error) ? error.message : String(error);
  process.stderr.write(`codepiper-daemon: ${message}\n`);
  // A bad flag is a usage error; a bad CODEPIPER_* variable or config.json is a failure to start.
  process.exit(message.startsWith('--') ? 2 : 1);
}

const pushProblem = pushSubjectProblem(settings.pushSubject);
if (pushProblem) {
  process.stderr.write(`codepiper-daemon: --push-subject: ${pushProblem}\n`);
  process.exit(2);
}

try {
  const daemon = await startDaemon({
    home,
    web: settings.web,
    host: settings.host,
    port: settings.port,
    wsPort: settings.wsPort,
    logCapBytes: settings.logCapBytes,
    trustProxy: settings.trustProxy,
    publicHosts: settings.publicHosts,
    allowedOrigins: settings.allowedOrigins,
    ...(values['web-root'] ? { webRoot: values['web-root'] } : {}),
    approvalTimeoutMs: settings.approvalTimeout * 1000,
    pushSubject: settings.pushSubject,
    metricsPort: settings.metricsPort,
  });
  await daemon.closed;
} catch (error) {
  process.stderr.write(`codepiper-daemon: ${isCodePiperError(error) ? error.message : String(error)}\n`);
  process.exit(1);
}
