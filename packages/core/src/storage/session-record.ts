import type { AgentStateName, SessionStatus } from '@codepiper/protocol';
import { CoreError } from '../errors.js';
import type { SessionEventRow, SessionInsertRow, SessionRow } from './schema.js';

/** A session as stored: the protocol's Session plus what only the daemon needs. */
export interface SessionRecord {
  id: string;
  name: string;
  /** argv as launched. */
  command: string[];
  cwd: string;
  /** The base size (creation or explicit resize); the live pty may follow a client instead. */
  cols: number;
  rows: number;
  status: SessionStatus;
  pid: number | null;
  exitCode: number | null;
  signal: string | null;
  createdAt: string;
  endedAt: string | null;
  lastActivityAt: string | null;
  outputBytes: number;
  provider: string | null;
  providerSessionId: string | null;
  model: string | null;
  agentState: AgentStateName | null;
  agentStateReason: string | null;
  agentStateAt: string | null;
  /** SHA-256 (hex) of the secret this session's hooks present. */
  hookSecretHash: string | null;
  transcriptPath: string | null;
  stopRequested: boolean;
}

/** What insert() needs; everything else starts as a new running session's would. */
export type NewSessionRecord = Pick<SessionRecord, 'id' | 'name' | 'command' | 'cwd' | 'cols' | 'rows'> &
  Partial<Omit<SessionRecord, 'id' | 'name' | 'command' | 'cwd' | 'cols' | 'rows'>>;

/** The fields that change over a session's life; its identity, argv, cwd and birth do not. */
export type SessionPatch = Partial<Omit<SessionRecord, 'id' | 'command' | 'cwd' | 'createdAt'>>;

/** Event types the daemon records; the column is free text so new kinds need no migration. */
export const SESSION_EVENT_TYPES = [
  'created',
  'renamed',
  'resized',
  'stop-requested',
  'kill-requested',
  'exited',
  'failed',
  'stopped',
  'adopted',
] as const;
export type KnownSessionEventType = (typeof SESSION_EVENT_TYPES)[number];
// `string & {}` keeps editor completion for the known names while accepting new ones.
export type SessionEventType = KnownSessionEventType | (string & {});

export interface SessionEventInput {
  type: SessionEventType;
  data?: unknown;
}

export interface SessionEvent {
  id: number;
  sessionId: string;
  at: string;
  type: string;
  /** The JSON value recorded with the event, null when there was none. */
  data: unknown;
}

export function recordFromRow(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    name: row.name,
    command: parseCommand(row.id, row.command),
    cwd: row.cwd,
    cols: row.cols,
    rows: row.rows,
    status: row.status,
    pid: row.pid,
    exitCode: row.exitCode,
    signal: row.signal,
    createdAt: row.createdAt,
    endedAt: row.endedAt,
    lastActivityAt: row.lastActivityAt,
    outputBytes: row.outputBytes,
    provider: row.provider,
    providerSessionId: row.providerSessionId,
    model: row.model,
    agentState: row.agentState as AgentStateName | null,
    agentStateReason: row.agentStateReason,
    agentStateAt: row.agentStateAt,
    hookSecretHash: row.hookSecretHash,
    transcriptPath: row.transcriptPath,
    stopRequested: row.stopRequested,
  };
}

export function rowFromNewRecord(record: NewSessionRecord, now: string): SessionInsertRow {
  return {
    id: record.id,
    name: record.name,
    command: JSON.stringify(record.command),
    cwd: record.cwd,
    cols: record.cols,
    rows: record.rows,
    status: record.status ?? 'running',
    pid: record.pid ?? null,
    exitCode: record.exitCode ?? null,
    signal: record.signal ?? null,
    createdAt: record.createdAt ?? now,
    endedAt: record.endedAt ?? null,
    lastActivityAt: record.lastActivityAt ?? null,
    outputBytes: record.outputBytes ?? 0,
    provider: record.provider ?? null,
    providerSessionId: record.providerSessionId ?? null,
    model: record.model ?? null,
    agentState: record.agentState ?? null,
    agentStateReason: record.agentStateReason ?? null,
    agentStateAt: record.agentStateAt ?? null,
    hookSecretHash: record.hookSecretHash ?? null,
    transcriptPath: record.transcriptPath ?? null,
    stopRequested: record.stopRequested ?? false,
  };
}

export function eventFromRow(row: SessionEventRow): SessionEvent {
  return { id: row.id, sessionId: row.sessionId, at: row.at, type: row.type, data: row.data === null ? null : JSON.parse(row.data) };
}

/** JSON text for an event's data column; NULL for nothing (JSON has no `undefined`). */
export function eventDataToText(data: unknown): string | null {
  if (data === undefined || data === null) return null;
  return JSON.stringify(data) ?? null;
}

function parseCommand(id: string, text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CoreError('internal', `session ${id} has a corrupt command in the database`, { cause: error });
  }
  if (!Array.isArray(parsed) || !parsed.every((arg) => typeof arg === 'string')) {
    throw new CoreError('internal', `session ${id} has a corrupt command in the database`);
  }
  return parsed;
}
