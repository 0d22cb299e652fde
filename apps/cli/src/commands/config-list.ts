import { localCommandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatTable, printJson, printLine, printable } from '../format/index.js';
import { JSON_OPTION } from '../options.js';
import { effectiveConfig, formatConfigValue } from '../settings/index.js';

interface ConfigListArgs {
  json: boolean;
}

export const configListCommand = defineCommand<ConfigListArgs>({
  command: 'list',
  aliases: ['ls'],
  describe: 'Every setting: the value a daemon started now would use, and where it comes from',
  builder: (yargs) => yargs.option('json', JSON_OPTION),
  handler: async (argv) => {
    const { home } = localCommandContext(argv, 'config list');
    const config = effectiveConfig(home);
    if (argv.json) {
      printJson({ file: config.file, settings: Object.fromEntries(config.entries.map((e) => [e.key, { value: e.value, source: e.source, ...(e.env ? { env: e.env } : {}) }])) });
      return;
    }
    const rows = config.entries.map((entry) => {
      const shown = entry.key === 'prices' ? `${Object.keys(entry.value as object).length} model(s)` : formatConfigValue(entry.value) || '(none)';
      const source = entry.source === 'env' ? `env ${entry.env}` : entry.source === 'config' ? 'config.json' : 'default';
      return [entry.key, printable(shown), source];
    });
    printLine(formatTable(['SETTING', 'VALUE', 'SOURCE'], rows));
    printLine(`\nfile: ${config.file}; flags of "codepiper daemon" override all of these`);
  },
});
