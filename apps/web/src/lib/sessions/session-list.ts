import type { AgentStateName, Session, SessionStatus } from '@codepiper/protocol';

/**
 * The protocol's isSessionEnded, restated over its SessionStatus type: importing the function would
 * pull the protocol's zod schemas (~30 KB gzip) into the dashboard's first load for one comparison.
 */
export function isEnded(status: SessionStatus): boolean {
  return status !== 'running';
}

/**
 * The protocol's agentStateUrgency, restated for the same reason (measured: importing it adds ~24 KB
 * gzip of zod to the sessions page). Lower comes first: the sessions that need the owner.
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

export type SessionFilter = 'all' | 'running' | 'ended';

export type SessionFeedUpdate =
  | { type: 'sessions'; sessions: Session[] }
  | { type: 'session'; session: Session }
  | { type: 'session-removed'; id: string };

/** The list after one message of the daemon's session feed; the input is not modified. */
export function applySessionUpdate(list: readonly Session[], update: SessionFeedUpdate): Session[] {
  switch (update.type) {
    case 'sessions':
      return [...update.sessions];
    case 'session': {
      const index = list.findIndex((s) => s.id === update.session.id);
      if (index === -1) return [...list, update.session];
      const next = [...list];
      next[index] = update.session;
      return next;
    }
    case 'session-removed':
      return list.filter((s) => s.id !== update.id);
  }
}

/**
 * What the list page shows: running sessions first, and among them the agents that need the owner
 * (a tool call to approve, then a finished turn) before the busy ones; each group newest first.
 */
export function visibleSessions(list: readonly Session[], filter: SessionFilter): Session[] {
  const shown = list.filter((s) => filter === 'all' || (filter === 'running') !== isEnded(s.status));
  return shown.sort((a, b) => {
    const ended = Number(isEnded(a.status)) - Number(isEnded(b.status));
    if (ended !== 0) return ended;
    const urgency = agentUrgency(a.agentState?.state) - agentUrgency(b.agentState?.state);
    return urgency !== 0 ? urgency : b.createdAt.localeCompare(a.createdAt);
  });
}

export function countByFilter(list: readonly Session[]): Record<SessionFilter, number> {
  const running = list.filter((s) => !isEnded(s.status)).length;
  return { all: list.length, running, ended: list.length - running };
}

/** One line that says how a session is doing: "running", "exited 0", "failed (SIGKILL)", "stopped". */
export function describeStatus(session: Session): string {
  switch (session.status) {
    case 'running':
      return 'running';
    case 'stopped':
      return 'stopped';
    case 'exited':
      return session.exitCode === null ? 'exited' : `exited ${session.exitCode}`;
    case 'failed':
      if (session.signal) return `failed (${session.signal})`;
      return session.exitCode === null ? 'failed' : `failed (exit ${session.exitCode})`;
  }
}

/** argv shown as it could be typed again: words with spaces or quotes are quoted. */
export function formatCommand(argv: readonly string[]): string {
  return argv.map((word) => (word !== '' && /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}
