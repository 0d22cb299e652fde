import { defineCommand } from '../define-command.js';
import { configGetCommand } from './config-get.js';
import { configListCommand } from './config-list.js';
import { configSetCommand } from './config-set.js';
import { configUnsetCommand } from './config-unset.js';

/** The subcommands' names, for usage hints; kept beside the registrations so the two cannot drift. */
export const CONFIG_SUBCOMMANDS = ['get', 'set', 'unset', 'list', 'ls'] as const;

export const configCommand = defineCommand<object>({
  command: 'config',
  describe: "Read and change the daemon's settings in $CODEPIPER_HOME/config.json (flags and CODEPIPER_* variables override them)",
  builder: (yargs) =>
    yargs
      .command(configGetCommand)
      .command(configSetCommand)
      .command(configUnsetCommand)
      .command(configListCommand)
      .demandCommand(1, 'name a config command')
      .example('$0 config set web true', 'serve the dashboard whenever the daemon starts')
      .example('$0 config set publicHosts codepiper.example.com', 'the host name behind your reverse proxy')
      .example('$0 config list', 'every setting, its value and where it comes from'),
  handler: async () => undefined,
});
