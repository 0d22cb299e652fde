import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { daemonSocketPath, resolveHome } from '../home.js';
import { readApiToken } from './api-token.js';
import { displayUrl, parseDaemonUrl } from './daemon-url.js';

/** The options every command accepts to choose its daemon. */
export interface TargetArgs {
  home?: string | undefined;
  url?: string | undefined;
  tokenFile?: string | undefined;
}

/** The daemon on this machine, through its unix socket. */
export interface LocalTarget {
  kind: 'local';
  home: string;
  socketPath: string;
  /** The `--home` as typed, when given: hints repeat it so that a copy-pasted command targets the same daemon. */
  homeOption: string | undefined;
}

/** A daemon reached over HTTP(S) with an API token. */
export interface RemoteTarget {
  kind: 'remote';
  url: URL;
  /** The URL as messages show it. */
  display: string;
  /** `--url` or `CODEPIPER_URL`, for messages. */
  urlSource: string;
  /** Undefined when none was given: only the anonymous routes (health, auth status) can then be called. */
  token: string | undefined;
  tokenSource: string;
}

export type DaemonTarget = LocalTarget | RemoteTarget;

const given = (value: string | undefined): value is string => value !== undefined && value.length > 0;

/**
 * Which daemon a command talks to. Flags beat the environment: `--url` (remote), else `--home`
 * (local, even with CODEPIPER_URL exported), else CODEPIPER_URL (remote), else the local daemon of
 * $CODEPIPER_HOME or ~/.codepiper.
 */
export function resolveTarget(
  args: TargetArgs,
  env: NodeJS.ProcessEnv = process.env,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): DaemonTarget {
  if (given(args.url) && given(args.home)) {
    throw new UsageError('--url and --home cannot be combined: --home picks a daemon on this machine, --url one reached over the network');
  }
  const urlText = given(args.url) ? args.url : !given(args.home) && given(env.CODEPIPER_URL) ? env.CODEPIPER_URL : undefined;
  if (urlText === undefined) {
    if (args.tokenFile !== undefined) throw new UsageError('--token-file is for a remote daemon: give --url too (or set CODEPIPER_URL)');
    const home = resolveHome(args.home, env);
    return { kind: 'local', home, socketPath: daemonSocketPath(home), homeOption: given(args.home) ? args.home : undefined };
  }
  const urlSource = given(args.url) ? '--url' : 'CODEPIPER_URL';
  const url = parseDaemonUrl(urlText, urlSource);
  const { token, source } = readApiToken(args.tokenFile, env, readFile);
  return { kind: 'remote', url, display: displayUrl(url), urlSource, token, tokenSource: source };
}
