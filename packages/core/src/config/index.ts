/** The owner's `$CODEPIPER_HOME/config.json`, and the daemon settings it shares with flags and `CODEPIPER_*` variables. */
export { CONFIG_FILE_NAME, ConfigFileSchema, ModelPriceSchema, describeIssues, loadConfigFile, writeConfigFile, type ConfigFile } from './config-file.js';
export {
  DAEMON_SETTING_DEFAULTS,
  DAEMON_SETTING_INFO,
  DAEMON_SETTING_KEYS,
  DaemonSettingsSchema,
  isDaemonSettingKey,
  parseSettingText,
  type DaemonSettingInfo,
  type DaemonSettingKey,
  type DaemonSettings,
  type SettingKind,
} from './daemon-settings.js';
export { checkSetting, loadDaemonSettings, resolveDaemonSettings, type ResolvedDaemonSettings, type SettingSource, type SettingsInput } from './resolve-daemon-settings.js';
