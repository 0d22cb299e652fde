import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { REF_POSITIONAL, wholeNumber } from '../options.js';
import { writeOut } from '../write-out.js';

interface LogsArgs {
  ref: string;
  lines?: number;
  follow: boolean;
  raw: boolean;
}

/** Signals that end `logs --follow` quietly. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export const logsCommand = defineCommand<LogsArgs>({
  command: 'logs <ref>',
  describe: "Print a session's output history as plain text",
  builder: (yargs) =>
    yargs
      .positional('ref', REF_POSITIONAL)
      .option('lines', { alias: 'n', requiresArg: true, describe: 'only the last N lines', coerce: wholeNumber('--lines', 1) })
      .option('follow', { alias: 'f', type: 'boolean', default: false, describe: 'keep printing new output until the session ends or Ctrl-C' })
      .option('raw', { type: 'boolean', default: false, describe: 'the bytes as the program wrote them, escape sequences included' })
      .example('$0 logs api --lines 50', 'the last 50 lines')
      .example('$0 logs api -f', 'like tail -f'),
  handler: async (argv) => {
    const ctx = commandContext(argv);
    const session = await ctx.client.getSession(argv.ref);
    const [{ LogTextFilter, TailBuffer, tailLines }, { SessionStream }] = await Promise.all([import('../log-text/index.js'), import('../stream/index.js')]);
    const stdout = process.stdout;
    const filter = argv.raw ? undefined : new LogTextFilter();
    const writeLines = (lines: string[]): Promise<void> | undefined => (lines.length > 0 ? writeOut(stdout, `${lines.join('\n')}\n`) : undefined);

    const log = await ctx.client.openLog(session.id);
    const body = log.body as AsyncIterable<Buffer>;
    if (!filter) {
      if (argv.lines !== undefined) {
        const chunks: Buffer[] = [];
        for await (const chunk of body) chunks.push(chunk);
        await writeOut(stdout, tailLines(Buffer.concat(chunks), argv.lines));
      } else {
        for await (const chunk of body) await writeOut(stdout, chunk);
      }
    } else {
      const tail = argv.lines !== undefined ? new TailBuffer<string>(argv.lines) : undefined;
      const emit = (lines: string[]): Promise<void> | undefined => {
        if (!tail) return writeLines(lines);
        for (const line of lines) tail.push(line);
        return undefined;
      };
      for await (const chunk of body) await emit(filter.push(chunk));
      // Following keeps an unfinished last line pending: the live stream completes it.
      if (!argv.follow || session.status !== 'running') await emit(filter.end());
      if (tail) await writeLines(tail.toArray());
    }

    if (!argv.follow || session.status !== 'running') return;
    const stream = await SessionStream.open(ctx, {
      sessionId: session.id,
      attach: { from: log.end, readOnly: true },
      mode: 'stream',
      expected: log.end,
      sink: {
        write: (bytes) => (filter ? writeLines(filter.push(bytes)) : writeOut(stdout, bytes)),
        screen: () => undefined,
      },
    });
    const stop = (): void => stream.stop();
    for (const signal of STOP_SIGNALS) process.on(signal, stop);
    try {
      await stream.done;
    } finally {
      for (const signal of STOP_SIGNALS) process.off(signal, stop);
    }
    if (filter) await writeLines(filter.end());
  },
});
