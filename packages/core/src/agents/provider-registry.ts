import { execFile } from 'node:child_process';
import { homedir } from 'node:os';
import { PROVIDER_NAMES, type ProviderInfo, type ProviderName } from '@codepiper/protocol';
import { PROVIDER_VERSION_TIMEOUT_MS } from '../constants.js';
import { resolveExecutable } from '../pty-host/resolve-executable.js';
import { PROVIDER_CATALOG } from './provider-catalog.js';

/** Where a provider's binary was found and what it reported. */
export interface FoundBinary {
  path: string;
  version: string | null;
}

export interface ProviderRegistryOptions {
  /** The environment whose PATH is searched (the daemon's own by default). */
  env?: NodeJS.ProcessEnv;
  /** Runs `<path> --version`; replaceable in tests. */
  readVersion?: (path: string) => Promise<string | null>;
}

/**
 * The providers with their binaries as found on the daemon's PATH. Versions are cached per binary
 * path (a `--version` run costs a process); `list({ refresh: true })` looks again.
 */
export class ProviderRegistry {
  private readonly versions = new Map<string, Promise<string | null>>();
  private readonly readVersion: (path: string) => Promise<string | null>;

  constructor(private readonly options: ProviderRegistryOptions = {}) {
    this.readVersion = options.readVersion ?? readBinaryVersion;
  }

  async list(options: { refresh?: boolean } = {}): Promise<ProviderInfo[]> {
    if (options.refresh) this.versions.clear();
    return Promise.all(PROVIDER_NAMES.map((name) => this.info(name)));
  }

  async info(name: ProviderName): Promise<ProviderInfo> {
    const definition = PROVIDER_CATALOG[name];
    return {
      name,
      displayName: definition.displayName,
      binary: definition.binary,
      capabilities: { ...definition.capabilities },
      found: await this.find(name),
      models: [...definition.models],
    };
  }

  /**
   * The provider's binary on PATH now (the lookup is a few stat calls, so a binary installed since the
   * last look is found), with its cached version; null when absent or for `shell`.
   */
  async find(name: ProviderName): Promise<FoundBinary | null> {
    const binary = PROVIDER_CATALOG[name].binary;
    if (!binary) return null;
    const env = this.options.env ?? process.env;
    const path = resolveExecutable(binary, env.HOME ?? homedir(), env.PATH !== undefined ? { PATH: env.PATH } : {});
    if (!path) return null;
    let version = this.versions.get(path);
    if (!version) {
      version = this.readVersion(path);
      this.versions.set(path, version);
    }
    return { path, version: await version };
  }
}

/** `2.1.331` from `2.1.331 (Claude Code)`, `0.169.0` from `codex-cli 0.169.0`; the first line as is otherwise. */
export function parseVersion(output: string): string | null {
  const line = output.split('\n').map((l) => l.trim()).find((l) => l.length > 0);
  if (!line) return null;
  return /\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?/.exec(line)?.[0] ?? line.slice(0, 100);
}

function readBinaryVersion(path: string): Promise<string | null> {
  return new Promise((resolveVersion) => {
    execFile(path, ['--version'], { timeout: PROVIDER_VERSION_TIMEOUT_MS, maxBuffer: 64 * 1024, windowsHide: true }, (error, stdout) => {
      resolveVersion(error ? null : parseVersion(String(stdout)));
    });
  });
}
