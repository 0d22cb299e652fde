import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatSessionTable, printJson, printLine } from '../format/index.js';
import { JSON_OPTION } from '../options.js';

interface SessionsArgs {
  all: boolean;
  json: boolean;
}

export const sessionsCommand = defineCommand<SessionsArgs>({
  command: 'sessions',
  aliases: ['ls'],
  describe: 'List sessions (running ones unless --all)',
  builder: (yargs) =>
    yargs
      .option('all', { alias: 'a', type: 'boolean', default: false, describe: 'include ended sessions' })
      .option('json', JSON_OPTION)
      .example('$0 sessions', 'the running sessions')
      .example('$0 ls --all --json', 'every session, as the API returns them'),
  handler: async (argv) => {
    const sessions = await commandContext(argv).client.listSessions(argv.all);
    if (argv.json) {
      printJson(sessions);
      return;
    }
    if (sessions.length === 0) {
      printLine(argv.all ? 'no sessions' : 'no running sessions (--all includes ended ones)');
      return;
    }
    printLine(formatSessionTable(sessions));
  },
});
