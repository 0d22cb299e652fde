import { z } from 'zod';

/**
 * Stable error codes: the one vocabulary shared by the daemon (HTTP status), the CLI (exit code and
 * message) and the web app. Never rename a code; add new ones.
 */
export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'ambiguous',
  'conflict',
  'session_ended',
  'payload_too_large',
  'rate_limited',
  'misdirected',
  'daemon_unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorCodeSchema = z.enum(ERROR_CODES);

const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  ambiguous: 409,
  conflict: 409,
  session_ended: 409,
  payload_too_large: 413,
  rate_limited: 429,
  misdirected: 421,
  daemon_unavailable: 503,
  internal: 500,
};

export function httpStatusForCode(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

/** Body of every non-2xx JSON response. `message` is one human sentence with no stack or path. */
export const ErrorResponseSchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

/**
 * The protocol's base error: anything thrown with a code from ERROR_CODES. Other packages subclass
 * it so that one mapper (HTTP, CLI) handles every error they raise.
 */
export class CodePiperError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CodePiperError';
    this.code = code;
  }
}

export function isCodePiperError(value: unknown): value is CodePiperError {
  return (
    value instanceof CodePiperError ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as { code?: unknown }).code === 'string' &&
      (ERROR_CODES as readonly string[]).includes((value as { code: string }).code) &&
      value instanceof Error)
  );
}
