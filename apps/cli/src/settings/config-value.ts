import { checkSetting, ConfigFileSchema, describeIssues, parseSettingText } from '@codepiper/core/config';
import { UsageError } from '../errors.js';
import type { ConfigKey } from './config-keys.js';

/**
 * The value `codepiper config set <key> <text>` stores, checked by the same schema the daemon reads
 * the file with: a bad value is a usage error naming the key, and nothing is written.
 */
export function parseConfigValue(key: ConfigKey, text: string): unknown {
  if (key === 'prices') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new UsageError('prices: expected JSON, e.g. \'{"my-model":{"input":1,"output":2,"cacheWrite":1.25,"cacheRead":0.1}}\'');
    }
    const parsed = ConfigFileSchema.shape.prices.safeParse(json);
    if (!parsed.success) throw new UsageError(`prices: ${describeIssues(parsed.error.issues)}`);
    return parsed.data;
  }
  try {
    return checkSetting(key, parseSettingText(key, text));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A value as `config get` prints it: text as is, lists comma-separated, objects as JSON. */
export function formatConfigValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(',');
  return JSON.stringify(value);
}
