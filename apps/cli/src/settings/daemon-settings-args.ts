import { loadDaemonSettings, resolveDaemonSettings, type DaemonSettings } from '@codepiper/core/config';
import { CliError, UsageError } from '../errors.js';

/** The `codepiper daemon` flags as yargs parses them: undefined when not given. */
export interface DaemonSettingArgs {
  web?: boolean | undefined;
  host?: string | undefined;
  port?: number | undefined;
  wsPort?: number | undefined;
  trustProxy?: boolean | undefined;
  publicHost?: string[] | undefined;
  allowedOrigin?: string[] | undefined;
  logCapBytes?: number | undefined;
  approvalTimeout?: number | undefined;
  pushSubject?: string | undefined;
  metricsPort?: number | undefined;
}

/**
 * The settings a daemon started with these flags uses: flags, then `CODEPIPER_*` variables, then
 * `$home/config.json`, then the defaults. A bad flag is a usage error (exit 2); a bad variable or
 * config file fails (exit 1) naming it, as the daemon must not start on settings it cannot read.
 */
export function daemonSettingsOf(home: string, args: DaemonSettingArgs, env: NodeJS.ProcessEnv = process.env): DaemonSettings {
  const flags = givenSettings(args);
  try {
    resolveDaemonSettings({ flags });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  try {
    return loadDaemonSettings(home, flags, env).settings;
  } catch (error) {
    throw new CliError((error as Error).message, { cause: error });
  }
}

/** The settings given as flags (undefined: not given), named as the config file names them. */
export function givenSettings(args: DaemonSettingArgs): Partial<DaemonSettings> {
  const given: Record<string, unknown> = {
    web: args.web,
    host: args.host,
    port: args.port,
    wsPort: args.wsPort,
    trustProxy: args.trustProxy,
    publicHosts: args.publicHost,
    allowedOrigins: args.allowedOrigin,
    logCapBytes: args.logCapBytes,
    approvalTimeout: args.approvalTimeout,
    pushSubject: args.pushSubject,
    metricsPort: args.metricsPort,
  };
  return Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as Partial<DaemonSettings>;
}

/**
 * Settings as `codepiper daemon` flags, for a child daemon (--detach: all of them) or a service unit
 * (the ones given to "service install"). Booleans are spelled both ways (--no-web) so that a flag
 * always beats config.json, as it did for the parent.
 */
export function daemonFlagsOf(settings: Partial<DaemonSettings>): string[] {
  const args: string[] = [];
  if (settings.web !== undefined) args.push(settings.web ? '--web' : '--no-web');
  if (settings.host !== undefined) args.push('--host', settings.host);
  if (settings.port !== undefined) args.push('--port', String(settings.port));
  if (settings.wsPort !== undefined) args.push('--ws-port', String(settings.wsPort));
  if (settings.trustProxy !== undefined) args.push(settings.trustProxy ? '--trust-proxy' : '--no-trust-proxy');
  for (const host of settings.publicHosts ?? []) args.push('--public-host', host);
  for (const origin of settings.allowedOrigins ?? []) args.push('--allowed-origin', origin);
  if (settings.logCapBytes !== undefined) args.push('--log-cap-bytes', String(settings.logCapBytes));
  if (settings.approvalTimeout !== undefined) args.push('--approval-timeout', String(settings.approvalTimeout));
  if (settings.pushSubject !== undefined) args.push('--push-subject', settings.pushSubject);
  if (settings.metricsPort !== undefined && settings.metricsPort !== null) args.push('--metrics-port', String(settings.metricsPort));
  return args;
}
