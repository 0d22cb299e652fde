import { DAEMON_SETTING_KEYS, type DaemonSettingKey } from '@codepiper/core/config';
import { UsageError } from '../errors.js';

/** Every key `codepiper config` knows: the daemon's settings and the usage price overrides. */
export type ConfigKey = DaemonSettingKey | 'prices';

export const CONFIG_KEYS: readonly ConfigKey[] = [...DAEMON_SETTING_KEYS, 'prices'];

/** The key as typed, or a usage error (exit 2) listing the keys there are. */
export function requireConfigKey(key: string): ConfigKey {
  if ((CONFIG_KEYS as readonly string[]).includes(key)) return key as ConfigKey;
  throw new UsageError(`unknown setting "${key}"; the settings are: ${CONFIG_KEYS.join(', ')}`);
}
