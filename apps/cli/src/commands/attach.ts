import { DETACH_KEY_NAME } from '../attach/index.js';
import { commandContext } from '../context.js';
import { defineCommand } from '../define-command.js';
import { REF_POSITIONAL } from '../options.js';

interface AttachArgs {
  ref: string;
  follow: boolean;
  readOnly: boolean;
}

export const attachCommand = defineCommand<AttachArgs>({
  command: 'attach <ref>',
  describe: `Attach to a session: interactive in a terminal (detach with ${DETACH_KEY_NAME}), a read-only stream otherwise`,
  builder: (yargs) =>
    yargs
      .positional('ref', REF_POSITIONAL)
      .option('follow', {
        alias: 'f',
        type: 'boolean',
        default: false,
        describe: 'print the current screen, then stream the output read-only until the session ends or Ctrl-C (the default when stdin or stdout is not a terminal)',
      })
      .option('read-only', { alias: 'r', type: 'boolean', default: false, describe: 'watch without typing or resizing the session' })
      .example('$0 attach a1b2c3d4', `work in the session; ${DETACH_KEY_NAME} detaches and leaves it running`)
      .example('ssh host $0 attach a1b2c3d4 --follow', 'watch a session from another machine')
      .epilogue(
        `Exit status: 0 after detaching or Ctrl-C; when the session ends, its exit code, or 128 + the signal number when a signal ended it (SIGKILL: 137, SIGTERM: 143), or 1 when neither is known. An ended session prints its last screen and exits with its status.`,
      ),
  handler: async (argv) => {
    const ctx = commandContext(argv);
    const session = await ctx.client.getSession(argv.ref);
    const { attachInteractive, followSession } = await import('../attach/index.js');
    const interactive = !argv.follow && process.stdin.isTTY === true && process.stdout.isTTY === true && session.status === 'running';
    process.exitCode = interactive ? await attachInteractive(ctx, session, argv.readOnly) : await followSession(ctx, session);
  },
});
