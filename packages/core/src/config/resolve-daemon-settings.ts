import { CoreError } from '../errors.js';
import { loadConfigFile, type ConfigFile } from './config-file.js';
import {
  DAEMON_SETTING_DEFAULTS,
  DAEMON_SETTING_INFO,
  DAEMON_SETTING_KEYS,
  DAEMON_SETTINGS_SHAPE,
  parseSettingText,
  type DaemonSettingKey,
  type DaemonSettings,
} from './daemon-settings.js';

/** Where a setting's value came from, strongest first. */
export type SettingSource = 'flag' | 'env' | 'config' | 'default';

export interface ResolvedDaemonSettings {
  settings: DaemonSettings;
  sources: Record<DaemonSettingKey, SettingSource>;
}

export interface SettingsInput {
  /** Values given on the command line; undefined means "not given". */
  flags?: Partial<Record<DaemonSettingKey, unknown>>;
  env?: NodeJS.ProcessEnv;
  /** The parsed config.json (already validated by its schema). */
  file?: ConfigFile;
}

/**
 * Each setting from the strongest source that has it: flags, then `CODEPIPER_*` variables, then
 * config.json, then the defaults. A flag or variable with a bad value throws a CoreError naming it
 * (`CODEPIPER_PORT=abc: expected a port …`), never falls through to a weaker source.
 */
export function resolveDaemonSettings(input: SettingsInput): ResolvedDaemonSettings {
  const settings: Record<string, unknown> = {};
  const sources = {} as Record<DaemonSettingKey, SettingSource>;
  for (const key of DAEMON_SETTING_KEYS) {
    const info = DAEMON_SETTING_INFO[key];
    const flag = input.flags?.[key];
    const envText = input.env?.[info.env];
    if (flag !== undefined) {
      settings[key] = check(key, flag, info.flag);
      sources[key] = 'flag';
    } else if (envText !== undefined && envText.trim() !== '') {
      settings[key] = check(key, parseSettingText(key, envText), `${info.env}=${envText}`);
      sources[key] = 'env';
    } else if (input.file?.[key] !== undefined) {
      settings[key] = input.file[key];
      sources[key] = 'config';
    } else {
      settings[key] = DAEMON_SETTING_DEFAULTS[key];
      sources[key] = 'default';
    }
  }
  return { settings: settings as DaemonSettings, sources };
}

/** Reads `$home/config.json` and resolves the settings against `flags` and `env`. */
export function loadDaemonSettings(home: string, flags: SettingsInput['flags'] = {}, env: NodeJS.ProcessEnv = process.env): ResolvedDaemonSettings {
  return resolveDaemonSettings({ flags, env, file: loadConfigFile(home) });
}

/** Validates one setting's value, the error naming where it came from. */
export function checkSetting(key: DaemonSettingKey, value: unknown, where: string = key): unknown {
  return check(key, value, where);
}

function check(key: DaemonSettingKey, value: unknown, where: string): unknown {
  const parsed = DAEMON_SETTINGS_SHAPE[key].safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = issue && issue.path.length > 0 ? ` (item ${issue.path.map(String).join('.')})` : '';
  throw new CoreError('bad_request', `${where}: ${issue?.message ?? 'invalid value'}${at}`);
}
