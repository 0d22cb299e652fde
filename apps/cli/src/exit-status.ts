import { constants } from 'node:os';

/** What `attach` needs to turn an ended session into its own exit status. */
export interface EndedProcess {
  status: string;
  exitCode: number | null;
  signal: string | null;
}

/**
 * The exit status `attach` returns for an ended session, following the shell's convention so that
 * `codepiper attach id --follow; echo $?` reads like running the command itself: the process's exit
 * code; 128 + the signal number when a signal ended it (SIGKILL → 137, SIGTERM → 143); 1 when neither
 * is known (the pty host was lost).
 */
export function sessionExitStatus(ended: EndedProcess): number {
  if (ended.signal) {
    const number = (constants.signals as Record<string, number | undefined>)[ended.signal];
    return number !== undefined ? 128 + number : 1;
  }
  if (ended.exitCode !== null) return ended.exitCode >= 0 && ended.exitCode <= 255 ? ended.exitCode : 1;
  return ended.status === 'exited' ? 0 : 1;
}

/** How a session's end reads in a message such as `[session exited with code 4]`. */
export function describeEnd(ended: EndedProcess): string {
  if (ended.signal) return `session ended by ${ended.signal}`;
  if (ended.exitCode !== null) return `session exited with code ${ended.exitCode}`;
  return `session ${ended.status}`;
}
