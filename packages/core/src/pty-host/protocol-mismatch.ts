import { readFileSync } from 'node:fs';
import { CoreError } from '../errors.js';

/** The host's refusal (pty-host-server.ts hello), whatever version of CodePiper wrote the host. */
const MISMATCH = /^the pty host speaks protocol (\S+), the client (\S+)$/;

export function mismatchMessage(hostVersion: number | string, clientVersion: number | string): string {
  return `the pty host speaks protocol ${hostVersion}, the client ${clientVersion}`;
}

/**
 * A hello refused because host and daemon speak different wire protocols (an upgrade across a
 * protocol change while sessions run), as an error the owner can act on. The host and its sessions are
 * left untouched: a daemon that cannot talk to them must not end them. Undefined for other errors.
 */
export function protocolMismatchError(error: unknown, hostPidFile: string): CoreError | undefined {
  if (!(error instanceof CoreError)) return undefined;
  const match = MISMATCH.exec(error.message);
  if (!match) return undefined;
  let pid = '?';
  try {
    pid = readFileSync(hostPidFile, 'utf8').trim() || '?';
  } catch {
    // The pid file is a courtesy for the message; the refusal stands without it.
  }
  return new CoreError(
    'conflict',
    `the pty host running your sessions (pid ${pid}) speaks protocol ${match[1]} and this daemon protocol ${match[2]}, so it cannot adopt them; they keep running untouched. ` +
      `Finish them with the CodePiper version that started them, or end them all with "kill ${pid}", then start this daemon again`,
    { cause: error },
  );
}
