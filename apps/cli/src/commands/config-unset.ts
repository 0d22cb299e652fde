import { defineCommand } from '../define-command.js';
import { requireConfigKey } from '../settings/index.js';
import { writeSetting } from './config-set.js';

interface ConfigUnsetArgs {
  key: string;
}

export const configUnsetCommand = defineCommand<ConfigUnsetArgs>({
  command: 'unset <key>',
  describe: 'Remove a setting from config.json, back to its default',
  builder: (yargs) => yargs.positional('key', { type: 'string', demandOption: true, describe: 'a setting, e.g. port' }),
  handler: async (argv) => {
    const key = requireConfigKey(argv.key);
    await writeSetting(argv, key, undefined, 'config unset');
  },
});
