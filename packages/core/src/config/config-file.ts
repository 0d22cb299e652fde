import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CoreError } from '../errors.js';
import { DaemonSettingsSchema } from './daemon-settings.js';

const PerMillion = z.number({ error: 'expected a number of USD per million tokens' }).finite().nonnegative('expected a number ≥ 0');

/** One model's prices in USD per million tokens; every field is required so nothing is guessed. */
export const ModelPriceSchema = z.strictObject({
  input: PerMillion,
  output: PerMillion,
  cacheWrite: PerMillion,
  cacheRead: PerMillion,
});

/**
 * `$CODEPIPER_HOME/config.json`. Keys CodePiper knows are validated strictly; other top-level keys are
 * allowed, so a file written for a newer CodePiper still starts an older one.
 */
export const ConfigFileSchema = z.looseObject({
  /** Model id (or a prefix ending in `*`) → price; wins over the built-in table. */
  prices: z.record(z.string().min(1, 'a model id cannot be empty'), ModelPriceSchema).optional(),
  // The daemon's settings (see daemon-settings.ts): flags and CODEPIPER_* variables override them.
  ...DaemonSettingsSchema.partial().shape,
});
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

export const CONFIG_FILE_NAME = 'config.json';

/**
 * Reads and validates the owner's config file; a missing file is an empty config. A file that cannot be
 * read or is invalid throws a CoreError naming the file and the offending field: the daemon refuses to
 * start rather than silently ignoring the owner's settings.
 */
export function loadConfigFile(home: string): ConfigFile {
  const file = join(home, CONFIG_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CoreError('internal', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CoreError('bad_request', `${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = ConfigFileSchema.safeParse(json);
  if (!parsed.success) throw new CoreError('bad_request', `${file} is invalid: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

/**
 * Validates and writes the config file atomically (a temporary file in the same folder, synced, then
 * renamed over the old one), private to the owner (0600): a crash or a full disk never leaves half a
 * file, and the daemon never reads one.
 */
export function writeConfigFile(home: string, config: unknown): ConfigFile {
  const file = join(home, CONFIG_FILE_NAME);
  const parsed = ConfigFileSchema.safeParse(config);
  if (!parsed.success) throw new CoreError('bad_request', `refusing to write an invalid ${file}: ${describeIssues(parsed.error.issues)}`);
  // A first `codepiper config set` may come before the daemon ever created the home: 0700 like ensureHome.
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const temporary = join(home, `.${CONFIG_FILE_NAME}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(parsed.data, null, 2)}\n`);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw new CoreError('internal', `cannot write ${file}: ${(error as Error).message}`, { cause: error });
  }
  closeSync(fd);
  try {
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new CoreError('internal', `cannot write ${file}: ${(error as Error).message}`, { cause: error });
  }
  return parsed.data;
}

/** `field: message; …` with the field written as the owner would reach it in JavaScript. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`).join('; ');
}

/** `prices["claude-sonnet-4-5"].cacheRead`, as the owner would reach the field in JavaScript. */
function fieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the file';
  return path
    .map((part, index) => {
      const name = String(part);
      if (typeof part === 'number') return `[${name}]`;
      if (/^[A-Za-z_$][\w$]*$/.test(name)) return index === 0 ? name : `.${name}`;
      return `[${JSON.stringify(name)}]`;
    })
    .join('');
}
