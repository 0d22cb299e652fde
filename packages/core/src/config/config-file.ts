import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CoreError } from '../errors.js';

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

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
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
