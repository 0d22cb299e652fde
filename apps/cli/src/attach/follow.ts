import type { Session } from '@codepiper/protocol';
import type { CommandContext } from '../context.js';
import { describeEnd, sessionExitStatus } from '../exit-status.js';
import { SessionStream } from '../stream/index.js';
import { writeOut } from '../write-out.js';

/** Signals that end a follow quietly: Ctrl-C, a closed ssh connection, `kill`. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Read-only attach for pipes and `ssh host codepiper attach id --follow`: the current screen, then the
 * output as it comes, byte for byte. Resolves with the session's exit status when it ends, 0 when the
 * user stops following.
 */
export async function followSession(ctx: CommandContext, session: Session): Promise<number> {
  const stdout = process.stdout;
  const stream = await SessionStream.open(ctx, {
    sessionId: session.id,
    attach: { readOnly: true },
    mode: 'stream',
    sink: { write: (bytes) => writeOut(stdout, bytes), screen: (payload) => writeOut(stdout, payload) },
  });
  const stop = (): void => stream.stop();
  for (const signal of STOP_SIGNALS) process.on(signal, stop);
  try {
    const end = await stream.done;
    if (end.reason === 'exit') {
      if (process.stderr.isTTY) process.stderr.write(`\n[${describeEnd(end.exit)}]\n`);
      return sessionExitStatus(end.exit);
    }
    if (end.reason === 'detached' && process.stderr.isTTY) process.stderr.write(`\n[detached: ${end.why}]\n`);
    return 0;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
  }
}
