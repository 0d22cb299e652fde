import { homedir } from 'node:os';
import type { AgentStateName, Session } from '@codepiper/protocol';
import { TABLE_COMMAND_MAX, TABLE_CWD_MAX, TABLE_NAME_MAX } from '../constants.js';
import { shellJoin } from '../shell-quote.js';
import { formatTable, truncateEnd, truncateStart } from './table.js';

const HEADER = ['ID', 'NAME', 'STATUS', 'COMMAND', 'CWD', 'AGE'] as const;
/** With agent sessions in the list: their hook-driven state after the process status. */
const AGENT_HEADER = ['ID', 'NAME', 'STATUS', 'STATE', 'COMMAND', 'CWD', 'AGE'] as const;

/** `running`, or for an ended session its status with the exit code or signal: `failed (4)`, `stopped (SIGTERM)`. */
export function formatStatus(session: Pick<Session, 'status' | 'exitCode' | 'signal'>): string {
  if (session.status === 'running') return 'running';
  if (session.signal) return `${session.status} (${session.signal})`;
  if (session.exitCode !== null) return `${session.status} (${session.exitCode})`;
  return session.status;
}

/** Compact age: `42s`, `5m`, `3h`, `2d`. */
export function formatAge(fromIso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** A path with the home directory shown as `~`. */
export function tildePath(path: string, home: string = homedir()): string {
  if (home.length > 1 && (path === home || path.startsWith(`${home}/`))) return `~${path.slice(home.length)}`;
  return path;
}

export function sessionRow(session: Session, now: number, withState = false): string[] {
  return [
    session.id,
    truncateEnd(session.name || '-', TABLE_NAME_MAX),
    formatStatus(session),
    ...(withState ? [session.agentState?.state ?? '-'] : []),
    truncateEnd(shellJoin(session.command), TABLE_COMMAND_MAX),
    truncateStart(tildePath(session.cwd), TABLE_CWD_MAX),
    formatAge(session.createdAt, now),
  ];
}

/**
 * The `sessions` table (also used for the one-session answer of stop, kill, resize, rename). When agent
 * sessions are listed, a STATE column shows their agent state and the sessions that need the owner
 * come first (otherwise in the daemon's order, oldest first).
 */
/**
 * The protocol's agentStateUrgency, restated (a test keeps them equal): importing the function would
 * load the protocol's zod schemas, about half of what `codepiper sessions` would otherwise parse at
 * start-up (see BENCHMARKS.md, CLI start-up). Lower comes first: the sessions that need the owner.
 */
export function agentUrgency(state: AgentStateName | undefined): number {
  switch (state) {
    case 'needs-approval':
      return 0;
    case 'waiting-input':
      return 1;
    case 'failed':
      return 2;
    case 'working':
      return 3;
    default:
      return 4;
  }
}

export function formatSessionTable(sessions: readonly Session[], now: number = Date.now()): string {
  const withState = sessions.some((session) => session.agentState !== null);
  if (!withState) return formatTable(HEADER, sessions.map((session) => sessionRow(session, now)));
  const ordered = [...sessions].sort((a, b) => agentUrgency(a.agentState?.state) - agentUrgency(b.agentState?.state));
  return formatTable(AGENT_HEADER, ordered.map((session) => sessionRow(session, now, true)));
}
