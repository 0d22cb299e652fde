import type { ReadStream, WriteStream } from 'node:tty';
import type { Session } from '@codepiper/protocol';
import type { CommandContext } from '../context.js';
import { describeEnd, sessionExitStatus } from '../exit-status.js';
import { SessionStream, type StreamEnd } from '../stream/index.js';
import { writeOut } from '../write-out.js';
import { CLEAR_FOR_SNAPSHOT, DETACH_BYTE, ENTER_SCREEN, LEAVE_SCREEN } from './terminal-modes.js';

/** Signals that detach (the session keeps running): a closed terminal, `kill`. */
const DETACH_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];

/**
 * `tmux attach` for one session: the alternate screen in raw mode, keystrokes to the pty, the pty's
 * output to the screen, the pty sized to this terminal (unless read-only). Ctrl-] detaches. Resolves
 * with 0 on detach, or with the session's exit status when it ends.
 */
export async function attachInteractive(ctx: CommandContext, session: Session, readOnly: boolean): Promise<number> {
  const { LIMITS } = await import('@codepiper/protocol');
  const stdin = process.stdin as ReadStream;
  const stdout = process.stdout as WriteStream;
  const size = (): { cols: number; rows: number } => ({
    cols: clamp(stdout.columns || LIMITS.defaultCols, LIMITS.minCols, LIMITS.maxCols),
    rows: clamp(stdout.rows || LIMITS.defaultRows, LIMITS.minRows, LIMITS.maxRows),
  });

  let stream: SessionStream | undefined;
  let detachedByUser = false;
  // Keys typed while the connection is still opening are kept and sent once it is up.
  const early: Buffer[] = [];
  const onData = (chunk: Buffer): void => {
    const at = chunk.indexOf(DETACH_BYTE);
    const input = at === -1 ? chunk : chunk.subarray(0, at);
    if (!readOnly && input.length > 0) {
      if (stream) stream.sendInput(input);
      else early.push(Buffer.from(input));
    }
    if (at !== -1) {
      detachedByUser = true;
      stream?.stop();
    }
  };
  const onResize = (): void => {
    const { cols, rows } = size();
    stream?.send({ type: 'resize', session: session.id, cols, rows });
    if (!readOnly) stream?.send({ type: 'take-control', session: session.id, cols, rows });
  };
  const onSignal = (): void => {
    detachedByUser = true;
    stream?.stop();
  };

  stdout.write(ENTER_SCREEN);
  stdin.setRawMode(true);
  stdin.on('data', onData);
  stdin.resume();
  stdout.on('resize', onResize);
  for (const signal of DETACH_SIGNALS) process.on(signal, onSignal);
  const restore = (): void => {
    for (const signal of DETACH_SIGNALS) process.off(signal, onSignal);
    stdout.off('resize', onResize);
    stdin.off('data', onData);
    stdin.setRawMode(false);
    stdin.pause();
    stdout.write(LEAVE_SCREEN);
  };

  let end: StreamEnd;
  try {
    stream = await SessionStream.open(ctx, {
      sessionId: session.id,
      attach: { ...size(), control: !readOnly, readOnly },
      mode: 'terminal',
      sink: {
        write: (bytes) => writeOut(stdout, bytes),
        screen: (payload) => writeOut(stdout, Buffer.concat([Buffer.from(CLEAR_FOR_SNAPSHOT), payload])),
      },
    });
    if (detachedByUser) stream.stop();
    else if (early.length > 0) stream.sendInput(Buffer.concat(early.splice(0)));
    end = await stream.done;
  } finally {
    restore();
  }

  if (end.reason === 'exit') {
    stdout.write(`[${describeEnd(end.exit)}]\n`);
    return sessionExitStatus(end.exit);
  }
  if (end.reason === 'detached' && !detachedByUser) {
    stdout.write(`[detached: ${end.why}]\n`);
    return 0;
  }
  stdout.write('[detached]\n');
  return 0;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(value)));
}
