import { localCommandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';
import { effectiveConfig, formatConfigValue, requireConfigKey } from '../settings/index.js';

interface ConfigGetArgs {
  key: string;
  json: boolean;
}

export const configGetCommand = defineCommand<ConfigGetArgs>({
  command: 'get <key>',
  describe: 'Print the value a daemon started now would use (environment, then config.json, then the default)',
  builder: (yargs) =>
    yargs
      .positional('key', { type: 'string', demandOption: true, describe: 'a setting, e.g. port (see "codepiper config list")' })
      .option('json', { ...JSON_OPTION, describe: 'print the value as JSON' }),
  handler: async (argv) => {
    const key = requireConfigKey(argv.key);
    const { home } = localCommandContext(argv, 'config get');
    const entry = effectiveConfig(home).entries.find((e) => e.key === key)!;
    if (argv.json) printJson(entry.value);
    else printLine(formatConfigValue(entry.value));
  },
});
