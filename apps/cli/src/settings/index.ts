export { CONFIG_KEYS, requireConfigKey, type ConfigKey } from './config-keys.js';
export { formatConfigValue, parseConfigValue } from './config-value.js';
export { effectiveConfig, type ConfigEntry, type EffectiveConfig } from './effective-config.js';
export { daemonFlagsOf, daemonSettingsOf, givenSettings, type DaemonSettingArgs } from './daemon-settings-args.js';
export { withDaemonSettingOptions } from './daemon-setting-options.js';
