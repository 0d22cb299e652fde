import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatProviderTable, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface ProvidersArgs {
  refresh: boolean;
  json: boolean;
}

export const providersCommand = defineCommand<ProvidersArgs>({
  command: 'providers',
  describe: "List agent providers: whether their binary is on the daemon's PATH, its version, and what CodePiper can do with it",
  builder: (yargs) =>
    yargs
      .option('refresh', { type: 'boolean', default: false, describe: 'look for the binaries and their versions again (after installing or upgrading one)' })
      .option('json', JSON_OPTION)
      .example('$0 providers', 'which agents can be started')
      .example('$0 providers --json', 'the same as the API returns it'),
  handler: async (argv) => {
    const providers = await commandContext(argv).client.agents.providers(argv.refresh);
    if (argv.json) printJson(providers);
    else printLine(formatProviderTable(providers));
  },
});
