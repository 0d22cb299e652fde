import { z } from 'zod';
import { OUTPUT_LOG_DEFAULT_CAP_BYTES, OUTPUT_LOG_MAX_CAP_BYTES, OUTPUT_LOG_MIN_CAP_BYTES } from '../constants.js';

/** The longest an approval may wait: a day; past that nobody is coming back to this tool call. */
const MAX_APPROVAL_TIMEOUT_SECONDS = 86_400;

const port = (what: string) =>
  z
    .number({ error: `expected ${what}: a whole number from 0 to 65535 (0 picks a free port)` })
    .int(`expected ${what}: a whole number from 0 to 65535`)
    .min(0, `expected ${what}: a whole number from 0 to 65535`)
    .max(65535, `expected ${what}: a whole number from 0 to 65535`);

const HostName = z
  .string({ error: 'expected a host name, e.g. codepiper.example.com' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'expected a bare host name (no scheme, port or path), e.g. codepiper.example.com');

const Origin = z.string({ error: 'expected an origin, e.g. https://codepiper.example.com' }).refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/+$/, '').toLowerCase();
  } catch {
    return false;
  }
}, 'expected an origin: http(s)://host[:port] in lower case with no path, e.g. https://codepiper.example.com');

const PushSubject = z
  .string({ error: 'expected mailto:you@example.com or an https: URL' })
  .refine((value) => /^mailto:[^\s@<>(),;:"]+@[A-Za-z0-9.-]*[A-Za-z0-9]$/.test(value) || /^https:\/\/[^\s/@]+/.test(value), 'expected mailto:you@example.com or an https: URL (RFC 8292)');

/**
 * The daemon's settings, one schema for all their sources: command-line flags, `CODEPIPER_*`
 * environment variables and `config.json`. Field names are the config file's keys.
 */
export const DAEMON_SETTINGS_SHAPE = {
  /** Address of the TCP listeners. */
  host: z.string({ error: 'expected an address, e.g. 127.0.0.1 or 0.0.0.0' }).trim().min(1, 'expected an address, e.g. 127.0.0.1 or 0.0.0.0').regex(/^\S+$/, 'an address has no spaces'),
  /** The dashboard and HTTP API (with `web`). */
  port: port('a port'),
  /** The dedicated WebSocket port. */
  wsPort: port('a port'),
  /** Serve the dashboard and HTTP API on host:port. */
  web: z.boolean({ error: 'expected true or false' }),
  /** Behind a reverse proxy: trust X-Forwarded-For / X-Forwarded-Proto. */
  trustProxy: z.boolean({ error: 'expected true or false' }),
  /** Host names the dashboard is reached by, besides localhost and IP addresses. */
  publicHosts: z.array(HostName, { error: 'expected a list of host names' }),
  /** Extra origins allowed to open WebSockets and send cookie-authenticated writes. */
  allowedOrigins: z.array(Origin, { error: 'expected a list of origins' }),
  /** Cap of each session's output log on disk. */
  logCapBytes: z
    .number({ error: 'expected a number of bytes' })
    .int('expected a whole number of bytes')
    .min(OUTPUT_LOG_MIN_CAP_BYTES, `expected at least ${OUTPUT_LOG_MIN_CAP_BYTES} bytes`)
    .max(OUTPUT_LOG_MAX_CAP_BYTES, `expected at most ${OUTPUT_LOG_MAX_CAP_BYTES} bytes`),
  /** Seconds a tool call waits for the owner's approval. */
  approvalTimeout: z
    .number({ error: 'expected a number of seconds' })
    .int('expected a whole number of seconds')
    .min(1, 'expected at least 1 second')
    .max(MAX_APPROVAL_TIMEOUT_SECONDS, `expected at most ${MAX_APPROVAL_TIMEOUT_SECONDS} seconds (a day)`),
  /** The VAPID contact push services see. */
  pushSubject: PushSubject,
  /** A loopback-only port serving /metrics without authentication; null: none. */
  metricsPort: z.union([port('a port'), z.null()], { error: 'expected a port number, or null for none' }),
} as const;

export const DaemonSettingsSchema = z.strictObject(DAEMON_SETTINGS_SHAPE);
export type DaemonSettings = z.infer<typeof DaemonSettingsSchema>;
export type DaemonSettingKey = keyof DaemonSettings;

/**
 * The defaults when neither a flag, the environment nor config.json says otherwise. The ports are the
 * product page's (3000 for the dashboard, 9999 for WebSockets); the daemon's own constants for the
 * approval timeout, log cap and push subject hold the same values (a daemon test keeps them equal).
 */
export const DAEMON_SETTING_DEFAULTS: Readonly<DaemonSettings> = Object.freeze({
  host: '127.0.0.1',
  port: 3000,
  wsPort: 9999,
  web: false,
  trustProxy: false,
  publicHosts: [],
  allowedOrigins: [],
  logCapBytes: OUTPUT_LOG_DEFAULT_CAP_BYTES,
  approvalTimeout: 300,
  pushSubject: 'mailto:codepiper@localhost',
  metricsPort: null,
});

export type SettingKind = 'string' | 'integer' | 'boolean' | 'list' | 'port-or-null';

export interface DaemonSettingInfo {
  kind: SettingKind;
  /** The environment variable that sets it. */
  env: string;
  /** The `codepiper daemon` flag that sets it. */
  flag: string;
  describe: string;
}

/** How each setting is spelled in each source, and what it does (config list, docs, errors). */
export const DAEMON_SETTING_INFO: Readonly<Record<DaemonSettingKey, DaemonSettingInfo>> = {
  host: { kind: 'string', env: 'CODEPIPER_HOST', flag: '--host', describe: 'address of the TCP listeners (anything but loopback needs an owner set up first)' },
  port: { kind: 'integer', env: 'CODEPIPER_PORT', flag: '--port', describe: 'web dashboard and HTTP API port (0: any free port)' },
  wsPort: { kind: 'integer', env: 'CODEPIPER_WS_PORT', flag: '--ws-port', describe: 'WebSocket port (0: any free port)' },
  web: { kind: 'boolean', env: 'CODEPIPER_WEB', flag: '--web', describe: 'serve the web dashboard and HTTP API on host:port' },
  trustProxy: { kind: 'boolean', env: 'CODEPIPER_TRUST_PROXY', flag: '--trust-proxy', describe: 'behind a reverse proxy: trust X-Forwarded-For / X-Forwarded-Proto' },
  publicHosts: { kind: 'list', env: 'CODEPIPER_PUBLIC_HOSTS', flag: '--public-host', describe: 'host names the dashboard is reached by (comma-separated)' },
  allowedOrigins: { kind: 'list', env: 'CODEPIPER_ALLOWED_ORIGINS', flag: '--allowed-origin', describe: 'extra origins allowed to open WebSockets and send requests (comma-separated)' },
  logCapBytes: { kind: 'integer', env: 'CODEPIPER_LOG_CAP_BYTES', flag: '--log-cap-bytes', describe: "cap of each session's output log on disk, in bytes" },
  approvalTimeout: { kind: 'integer', env: 'CODEPIPER_APPROVAL_TIMEOUT', flag: '--approval-timeout', describe: 'seconds a tool call waits for your approval' },
  pushSubject: { kind: 'string', env: 'CODEPIPER_PUSH_SUBJECT', flag: '--push-subject', describe: 'contact for push services: mailto:you@example.com or an https: URL' },
  metricsPort: { kind: 'port-or-null', env: 'CODEPIPER_METRICS_PORT', flag: '--metrics-port', describe: 'loopback-only port serving /metrics without authentication (null: none)' },
};

export const DAEMON_SETTING_KEYS = Object.keys(DAEMON_SETTING_INFO) as DaemonSettingKey[];

export function isDaemonSettingKey(key: string): key is DaemonSettingKey {
  return Object.hasOwn(DAEMON_SETTING_INFO, key);
}

/**
 * Turns the text of an environment variable or a `codepiper config set` argument into the value the
 * schema checks: numbers, true/false (also 1/0, yes/no, on/off), comma-separated lists (or a JSON
 * array), `null`/`off` for an optional port. Text that does not parse is returned as is, so the
 * schema's message explains what was expected.
 */
export function parseSettingText(key: DaemonSettingKey, text: string): unknown {
  const trimmed = text.trim();
  switch (DAEMON_SETTING_INFO[key].kind) {
    case 'string':
      return trimmed;
    case 'integer':
      return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
    case 'port-or-null':
      if (/^(null|off|none|)$/i.test(trimmed)) return null;
      return /^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
    case 'boolean':
      if (/^(true|1|yes|on)$/i.test(trimmed)) return true;
      if (/^(false|0|no|off)$/i.test(trimmed)) return false;
      return trimmed;
    case 'list':
      if (trimmed.startsWith('[')) {
        try {
          return JSON.parse(trimmed) as unknown;
        } catch {
          return trimmed;
        }
      }
      return trimmed === '' ? [] : trimmed.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  }
}
