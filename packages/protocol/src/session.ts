import { z } from 'zod';
import { LIMITS } from './limits.js';
import { AgentStateSchema } from './agent-state.js';
import { ProviderNameSchema } from './provider.js';

/** Random 8-hex-digit id, e.g. `a1b2c3d4`. */
export const SessionIdSchema = z.string().regex(/^[0-9a-f]{8}$/, 'a session id is 8 lowercase hex digits');
export type SessionId = z.infer<typeof SessionIdSchema>;

/**
 * `running`: the process is alive. `exited`: it ended with code 0. `failed`: non-zero code, a signal,
 * or the pty host that owned it was lost. `stopped`: the owner stopped or killed it.
 */
export const SESSION_STATUSES = ['running', 'exited', 'failed', 'stopped'] as const;
export const SessionStatusSchema = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

// Names are looked up like ids, so they must not look like an id prefix the user might type by accident
// and must not contain whitespace or control characters that break tables and shells.
export const SessionNameSchema = z
  .string()
  .min(1, 'a session name cannot be empty')
  .max(LIMITS.maxNameLength, `a session name is at most ${LIMITS.maxNameLength} characters`)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a session name uses letters, digits, ".", "_" and "-", and starts with a letter or digit');

export const ColsSchema = z
  .number()
  .int('columns must be a whole number')
  .min(LIMITS.minCols, `columns must be between ${LIMITS.minCols} and ${LIMITS.maxCols}`)
  .max(LIMITS.maxCols, `columns must be between ${LIMITS.minCols} and ${LIMITS.maxCols}`);
export const RowsSchema = z
  .number()
  .int('rows must be a whole number')
  .min(LIMITS.minRows, `rows must be between ${LIMITS.minRows} and ${LIMITS.maxRows}`)
  .max(LIMITS.maxRows, `rows must be between ${LIMITS.minRows} and ${LIMITS.maxRows}`);

const IsoDate = z.string().describe('ISO 8601 timestamp');

/** The session object: identical in the HTTP API, the WebSocket feed and `codepiper sessions --json`. */
export const SessionSchema = z.object({
  id: SessionIdSchema,
  name: z.string(),
  status: SessionStatusSchema,
  /** argv as launched: the program followed by its arguments. */
  command: z.array(z.string()),
  cwd: z.string(),
  pid: z.number().int().nullable(),
  cols: z.number().int(),
  rows: z.number().int(),
  createdAt: IsoDate,
  endedAt: IsoDate.nullable(),
  exitCode: z.number().int().nullable(),
  /** Signal name (e.g. `SIGKILL`) when the process was ended by a signal. */
  signal: z.string().nullable(),
  /** Total bytes of output the session has produced: the stream's current byte offset. */
  outputBytes: z.number().int(),
  lastActivityAt: IsoDate.nullable(),
  /** What runs in it: `shell` (any command) or an agent provider. */
  provider: ProviderNameSchema,
  /** The agent's own conversation id (Claude's `--session-id`, Codex's thread id), for `--resume`. */
  providerSessionId: z.string().nullable(),
  /** The model asked for at start, or the one the agent reported; null when unknown. */
  model: z.string().nullable(),
  /** Hook-driven state of an agent session; null for sessions without hooks. */
  agentState: AgentStateSchema.nullable(),
});
export type Session = z.infer<typeof SessionSchema>;

export function isSessionEnded(status: SessionStatus): boolean {
  return status !== 'running';
}
