import { ERROR_CODES, LIMITS, type ErrorCode } from '@codepiper/protocol';
import { OUTPUT_LOG_DEFAULT_CAP_BYTES, OUTPUT_LOG_MAX_CAP_BYTES, OUTPUT_LOG_MIN_CAP_BYTES } from '../constants.js';
import { CoreError } from '../errors.js';

/** A JSON request as it arrives: nothing in it is trusted. */
export type WireRequest = Record<string, unknown> & { id?: unknown; op?: unknown };

export interface SpawnRequest {
  id: string;
  command: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
  logCapBytes: number;
}

/** Session ids are the protocol frame's session field: 8 lowercase hex digits. */
const SESSION_ID_RE = /^[0-9a-f]{8}$/;

/** Validates a spawn request's fields (not whether the command or cwd exist). Throws bad_request. */
export function parseSpawnRequest(msg: WireRequest): SpawnRequest {
  const id = msg.session;
  if (typeof id !== 'string' || !SESSION_ID_RE.test(id)) {
    throw new CoreError('bad_request', 'session must be 8 lowercase hex digits');
  }
  const command = msg.command;
  if (
    !Array.isArray(command) ||
    command.length === 0 ||
    command.length > LIMITS.maxArgs ||
    !command.every((a) => typeof a === 'string' && a.length <= LIMITS.maxArgLength && !a.includes('\0'))
  ) {
    throw new CoreError('bad_request', 'command must be a non-empty list of strings');
  }
  const cwd = msg.cwd;
  if (typeof cwd !== 'string' || cwd.length === 0) throw new CoreError('bad_request', 'cwd must be a path');
  const env = msg.env;
  if (
    typeof env !== 'object' ||
    env === null ||
    Array.isArray(env) ||
    Object.keys(env).length > LIMITS.maxEnvEntries ||
    !Object.values(env).every((v) => typeof v === 'string' && !v.includes('\0'))
  ) {
    throw new CoreError('bad_request', 'env must map names to strings');
  }
  return {
    id,
    command: command as string[],
    cwd,
    env: env as Record<string, string>,
    cols: intField(msg, 'cols', LIMITS.minCols, LIMITS.maxCols),
    rows: intField(msg, 'rows', LIMITS.minRows, LIMITS.maxRows),
    logCapBytes:
      msg.logCapBytes === undefined || msg.logCapBytes === null
        ? OUTPUT_LOG_DEFAULT_CAP_BYTES
        : intField(msg, 'logCapBytes', OUTPUT_LOG_MIN_CAP_BYTES, OUTPUT_LOG_MAX_CAP_BYTES),
  };
}

/** An integer field within [min, max], else bad_request. */
export function intField(msg: WireRequest, name: string, min: number, max: number): number {
  const v = msg[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new CoreError('bad_request', `${name} must be an integer from ${min} to ${max}`);
  }
  return v;
}

/** The `{code, message}` of an error answer: our own codes pass through, anything else is internal. */
export function toWireError(err: unknown): { code: ErrorCode; message: string } {
  if (err instanceof CoreError) return { code: err.code, message: err.message };
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code)) {
    return { code: code as ErrorCode, message: String((err as Error).message) };
  }
  return { code: 'internal', message: (err as Error)?.message ?? String(err) };
}
