import { DAEMON_SETTING_INFO, isDaemonSettingKey, writeConfigFile } from '@codepiper/core/config';
import { localCommandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { CliError } from '../errors.js';
import { printLine } from '../format/index.js';
import { effectiveConfig, formatConfigValue, parseConfigValue, requireConfigKey } from '../settings/index.js';

interface ConfigSetArgs {
  key: string;
  value: string;
}

export const configSetCommand = defineCommand<ConfigSetArgs>({
  command: 'set <key> <value>',
  describe: 'Validate a value and write it to config.json (atomically, mode 0600); the daemon reads it when it starts',
  builder: (yargs) =>
    yargs
      .positional('key', { type: 'string', demandOption: true, describe: 'a setting, e.g. port (see "codepiper config list")' })
      .positional('value', { type: 'string', demandOption: true, describe: 'numbers as digits, true/false, lists comma-separated (or a JSON array), prices as JSON' })
      .example('$0 config set port 3100', '')
      .example('$0 config set allowedOrigins https://a.example.com,https://b.example.com', '')
      .example('$0 config set metricsPort 9464', 'Prometheus scrapes http://127.0.0.1:9464/metrics without a token'),
  handler: async (argv) => {
    const key = requireConfigKey(argv.key);
    const value = parseConfigValue(key, String(argv.value));
    await writeSetting(argv, key, value, 'config set');
  },
});

/** Writes one key (or removes it when `value` is undefined), then says what it did and what still overrides it. */
export async function writeSetting(argv: Parameters<typeof localCommandContext>[0], key: string, value: unknown, command: string): Promise<void> {
  const ctx = localCommandContext(argv, command);
  const { stored, file } = effectiveConfig(ctx.home);
  const next: Record<string, unknown> = { ...stored };
  if (value === undefined) delete next[key];
  else next[key] = value;
  try {
    writeConfigFile(ctx.home, next);
  } catch (error) {
    throw new CliError((error as Error).message, { cause: error });
  }
  printLine(value === undefined ? `${key} removed from ${file}` : `${key} = ${formatConfigValue(value)} (in ${file})`);
  if (isDaemonSettingKey(key)) {
    const variable = DAEMON_SETTING_INFO[key].env;
    if (process.env[variable]) printLine(`note: ${variable} is set in this shell and overrides it`);
  }
  if (await ctx.client.isRunning()) printLine('note: the daemon reads config.json when it starts: restart it to apply ("codepiper daemon stop", then start it again)');
}
