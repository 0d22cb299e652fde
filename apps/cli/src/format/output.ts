import type { Session } from '@codepiper/protocol';
import { formatSessionTable } from './session-table.js';

/** JSON for scripts: indented, one trailing newline. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** The answer of commands that change one session: the object with --json, else its table line. */
export function printSession(session: Session, json: boolean): void {
  if (json) printJson(session);
  else printLine(formatSessionTable([session]));
}
