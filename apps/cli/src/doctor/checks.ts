import { createRequire } from 'node:module';
import type { DaemonClient } from '../client/index.js';
import { DOCTOR_PROBE_TIMEOUT_MS } from '../constants.js';
import type { CommandRunner } from '../service/index.js';
import { clockCheck } from './clock-check.js';
import { configCheck } from './config-check.js';
import { homePermissionsCheck } from './home-permissions-check.js';
import { portsCheck } from './ports-check.js';
import { pushKeysCheck } from './push-keys-check.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of the report; `fix` says what to do about a warn or fail. */
export interface CheckResult {
  check: string;
  status: CheckStatus;
  message: string;
  fix?: string;
}

export interface DoctorContext {
  client: DaemonClient;
  /** The daemon is this machine's (unix socket), not one reached with --url. */
  local: boolean;
  /** Whether the daemon answers; asked once and shared by the checks that need it. */
  daemonUp: () => Promise<boolean>;
  /** The daemon's home on this machine (local only). */
  home?: string;
  /** The environment the daemon would start with (CODEPIPER_* settings); process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Runs system tools (timedatectl). */
  run?: CommandRunner;
  /** Remote only: the daemon's clock, from its Date header. */
  remoteDate?: () => Promise<Date | undefined>;
  now?: () => number;
}

/** A check returns its lines (none when it does not apply). Later issues append checks to DOCTOR_CHECKS. */
export type DoctorCheck = (ctx: DoctorContext) => Promise<CheckResult[]>;

/** The Node.js the CLI and daemon need (package.json engines). */
const MIN_NODE: readonly [number, number] = [20, 19];

export const nodeVersionCheck: DoctorCheck = async () => {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return [
    ok
      ? { check: 'node', status: 'ok', message: `Node.js ${process.versions.node}` }
      : { check: 'node', status: 'fail', message: `Node.js ${process.versions.node} is too old`, fix: `install Node.js ${MIN_NODE.join('.')} or newer` },
  ];
};

/** better-sqlite3 and node-pty are native: a Node upgrade without a rebuild breaks them. Only the daemon's machine needs them. */
export const nativeModulesCheck: DoctorCheck = async (ctx) => {
  if (!ctx.local) return [];
  try {
    const fromCli = createRequire(import.meta.url);
    const fromDaemon = createRequire(fromCli.resolve('@codepiper/daemon/package.json'));
    const fromCore = createRequire(fromDaemon.resolve('@codepiper/core/package.json'));
    const Database = fromCore('better-sqlite3') as new (file: string) => { close(): void };
    new Database(':memory:').close();
    fromCore('node-pty');
    return [{ check: 'native-modules', status: 'ok', message: 'native modules load (better-sqlite3, node-pty)' }];
  } catch (error) {
    return [
      {
        check: 'native-modules',
        status: 'fail',
        message: `a native module does not load: ${firstLine(error)}`,
        fix: 'reinstall CodePiper with the Node.js you run it with (npm install -g @codepiper/cli), or run "npm rebuild" in its folder',
      },
    ];
  }
};

export const daemonCheck: DoctorCheck = async (ctx) => {
  try {
    const health = await ctx.client.health(DOCTOR_PROBE_TIMEOUT_MS);
    return [{ check: 'daemon', status: 'ok', message: `${ctx.client.transport.label} answers (version ${health.version})` }];
  } catch (error) {
    if (ctx.local) return [{ check: 'daemon', status: 'warn', message: 'no daemon is running', fix: 'start it with "codepiper daemon --detach"' }];
    return [{ check: 'daemon', status: 'fail', message: firstLine(error), fix: 'check the URL and that the daemon runs there with --web' }];
  }
};

export const ownerCheck: DoctorCheck = async (ctx) => {
  if (!(await ctx.daemonUp())) return [{ check: 'owner', status: 'warn', message: 'owner: not checked (no daemon)' }];
  const status = await ctx.client.auth.status();
  if (status.totpConfirmed) return [{ check: 'owner', status: 'ok', message: 'owner is set up (password and authenticator)' }];
  return [
    {
      check: 'owner',
      status: 'warn',
      message: status.configured ? 'owner setup is not finished (authenticator not confirmed)' : 'no owner is set up: the web dashboard and remote access are closed',
      fix: 'run "codepiper auth setup" on the daemon\'s machine',
    },
  ];
};

/** Each agent provider's binary on the daemon's PATH (the daemon, not this shell, launches agents). */
export const providersCheck: DoctorCheck = async (ctx) => {
  if (!(await ctx.daemonUp())) return [{ check: 'providers', status: 'warn', message: "agent binaries: not checked (they are looked up on the daemon's PATH, and no daemon answers)" }];
  const providers = await ctx.client.agents.providers(true);
  return providers
    .filter((provider) => provider.binary !== null)
    .map((provider): CheckResult =>
      provider.found
        ? { check: `provider:${provider.name}`, status: 'ok', message: `${provider.displayName} ${provider.found.version ?? '(version unknown)'} at ${provider.found.path}` }
        : {
            check: `provider:${provider.name}`,
            status: 'warn',
            message: `${provider.displayName} ("${provider.binary}") is not on the daemon's PATH`,
            fix: `install it if you want ${provider.name} sessions, then run "codepiper providers --refresh"`,
          },
    );
};

/** In report order. */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  nodeVersionCheck,
  nativeModulesCheck,
  configCheck,
  homePermissionsCheck,
  daemonCheck,
  portsCheck,
  ownerCheck,
  pushKeysCheck,
  clockCheck,
  providersCheck,
];

/** Runs every check; a check that throws becomes a failed line instead of ending the report. */
export async function runDoctor(ctx: DoctorContext, checks: readonly DoctorCheck[] = DOCTOR_CHECKS): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    try {
      results.push(...(await check(ctx)));
    } catch (error) {
      results.push({ check: check.name.replace(/Check$/, '') || 'check', status: 'fail', message: firstLine(error) });
    }
  }
  return results;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}
