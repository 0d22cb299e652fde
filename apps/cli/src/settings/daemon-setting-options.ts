import type { Argv } from 'yargs';
import { wholeNumber } from '../options.js';

/**
 * The flags that set the daemon's settings, shared by `codepiper daemon` and `codepiper service
 * install`. None has a yargs default: a flag not given is undefined, so CODEPIPER_* variables and
 * config.json can supply the value (see daemonSettingsOf); the defaults are named in the help.
 */
export function withDaemonSettingOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('web', { type: 'boolean', describe: 'also serve the web dashboard and the HTTP API on --host:--port (--no-web: do not, whatever config.json says)' })
    .option('host', {
      type: 'string',
      requiresArg: true,
      describe: 'address of the TCP listeners (default 127.0.0.1); anything but loopback (e.g. 0.0.0.0) needs an owner set up first',
    })
    .option('port', { requiresArg: true, describe: 'web dashboard port (default 3000; 0: any free port)', coerce: wholeNumber('--port') })
    .option('ws-port', { requiresArg: true, describe: 'WebSocket port (default 9999; 0: any free port)', coerce: wholeNumber('--ws-port') })
    .option('trust-proxy', { type: 'boolean', describe: 'behind a reverse proxy: take the client address and HTTPS from X-Forwarded-For / X-Forwarded-Proto' })
    .option('public-host', { type: 'string', array: true, describe: 'a host name the dashboard is reached by (repeatable), e.g. codepiper.example.com' })
    .option('allowed-origin', { type: 'string', array: true, describe: 'an extra origin allowed to open WebSockets and send requests (repeatable)' })
    .option('approval-timeout', {
      requiresArg: true,
      describe: "seconds an agent's tool call waits for your approval before the agent asks in its terminal instead (default 300)",
      coerce: wholeNumber('--approval-timeout', 1),
    })
    .option('push-subject', {
      type: 'string',
      requiresArg: true,
      describe: 'contact for push services, mailto:you@example.com or an https: URL of yours (default mailto:codepiper@localhost, which Apple refuses: set it for iPhones)',
    })
    .option('log-cap-bytes', { requiresArg: true, describe: "cap of each session's output log on disk (default 16 MiB)", coerce: wholeNumber('--log-cap-bytes', 1) })
    .option('metrics-port', {
      requiresArg: true,
      describe: 'also serve Prometheus metrics at http://127.0.0.1:<port>/metrics without authentication (loopback only; default: off)',
      coerce: wholeNumber('--metrics-port', 1),
    });
}
