import { join } from 'node:path';
import { CONFIG_FILE_NAME, DAEMON_SETTING_INFO, DAEMON_SETTING_KEYS, loadConfigFile, resolveDaemonSettings, type ConfigFile, type SettingSource } from '@codepiper/core/config';
import { CliError } from '../errors.js';
import type { ConfigKey } from './config-keys.js';

export interface ConfigEntry {
  key: ConfigKey;
  value: unknown;
  source: SettingSource;
  /** The variable that set it, when the source is the environment. */
  env?: string;
}

export interface EffectiveConfig {
  file: string;
  /** What config.json holds (validated). */
  stored: ConfigFile;
  entries: ConfigEntry[];
}

/**
 * What a daemon started now with no flags would use, and where each value comes from: the
 * environment of this shell, then config.json, then the defaults. A broken config.json or variable is
 * a failure naming it (exit 1), as the daemon would refuse to start.
 */
export function effectiveConfig(home: string, env: NodeJS.ProcessEnv = process.env): EffectiveConfig {
  const file = join(home, CONFIG_FILE_NAME);
  let stored: ConfigFile;
  let resolved: ReturnType<typeof resolveDaemonSettings>;
  try {
    stored = loadConfigFile(home);
    resolved = resolveDaemonSettings({ env, file: stored });
  } catch (error) {
    throw new CliError((error as Error).message, { cause: error });
  }
  const entries: ConfigEntry[] = DAEMON_SETTING_KEYS.map((key) => ({
    key,
    value: resolved.settings[key],
    source: resolved.sources[key],
    ...(resolved.sources[key] === 'env' ? { env: DAEMON_SETTING_INFO[key].env } : {}),
  }));
  entries.push({ key: 'prices', value: stored.prices ?? {}, source: stored.prices ? 'config' : 'default' });
  return { file, stored, entries };
}
