import { AUDIT_LIMIT_MAX } from '../constants.js';
import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { formatAuditTable, printJson, printLine } from '../format/index.js';
import { JSON_OPTION, wholeNumber } from '../options.js';

interface AuditArgs {
  limit?: number;
  type?: string;
  json: boolean;
}

export const auditCommand = defineCommand<AuditArgs>({
  command: 'audit',
  describe: 'Show the audit log, newest first: logins, setup and resets, tokens created and revoked',
  builder: (yargs) =>
    yargs
      .option('limit', {
        alias: 'n',
        requiresArg: true,
        describe: `at most N entries (1–${AUDIT_LIMIT_MAX}; default: the daemon's)`,
        coerce: (value: unknown) => {
          const limit = wholeNumber('--limit', 1)(value);
          if (limit !== undefined && limit > AUDIT_LIMIT_MAX) throw new Error(`--limit is at most ${AUDIT_LIMIT_MAX}, got ${limit}`);
          return limit;
        },
      })
      .option('type', { type: 'string', requiresArg: true, describe: 'only entries of this type (login-failed, token-created, setup, …)' })
      .option('json', JSON_OPTION)
      .example('$0 audit --type login-failed', 'failed login attempts'),
  handler: async (argv) => {
    const query = { ...(argv.limit !== undefined ? { limit: argv.limit } : {}), ...(argv.type !== undefined ? { type: argv.type } : {}) };
    const entries = await commandContext(argv).client.auth.audit(query);
    if (argv.json) printJson(entries);
    else printLine(entries.length === 0 ? 'no audit entries' : formatAuditTable(entries));
  },
});
