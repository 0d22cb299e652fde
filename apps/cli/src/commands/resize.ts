import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { UsageError } from '../errors.js';
import { printSession } from '../format/index.js';
import { JSON_OPTION, REF_POSITIONAL, wholeNumber } from '../options.js';

interface ResizeArgs {
  ref: string;
  cols: number;
  rows: number;
  json: boolean;
}

export const resizeCommand = defineCommand<ResizeArgs>({
  command: 'resize <ref> <cols> <rows>',
  describe: "Set a session's terminal size (its size whenever no attached client controls it)",
  builder: (yargs) =>
    yargs
      .positional('ref', REF_POSITIONAL)
      .positional('cols', { type: 'string', describe: 'columns', coerce: wholeNumber('cols') })
      .positional('rows', { type: 'string', describe: 'rows', coerce: wholeNumber('rows') })
      .option('json', JSON_OPTION)
      .example('$0 resize api 120 40', '120 columns, 40 rows'),
  handler: async (argv) => {
    const { ResizeRequestSchema } = await import('@codepiper/protocol');
    const checked = ResizeRequestSchema.safeParse({ cols: argv.cols, rows: argv.rows });
    if (!checked.success) throw new UsageError(`invalid size ${argv.cols}x${argv.rows}: ${checked.error.issues[0]?.message ?? 'out of range'}`);
    printSession(await commandContext(argv).client.resize(argv.ref, checked.data.cols, checked.data.rows), argv.json);
  },
});
