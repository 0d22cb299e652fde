import { CodePiperError, httpStatusForCode, isCodePiperError, type ErrorCode, type ErrorResponse } from '@codepiper/protocol';

/** Errors the daemon raises itself. */
export class DaemonError extends CodePiperError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'DaemonError';
  }
}

/**
 * The one place an error becomes an HTTP status and JSON body. Unknown errors are logged with their
 * stack and answered with a generic message, so no stack or path ever leaks to a client.
 */
export function toErrorResponse(error: unknown, log: (message: string) => void = console.error): { status: number; body: ErrorResponse } {
  if (isCodePiperError(error)) {
    return { status: httpStatusForCode(error.code), body: { error: { code: error.code, message: error.message } } };
  }
  log(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { status: 500, body: { error: { code: 'internal', message: 'internal error; see the daemon log' } } };
}

/** One readable line from a zod error: the first issue, prefixed with the field it concerns. */
export function describeZodIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  const issue = issues[0];
  if (!issue) return 'invalid input';
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  return `${where}${issue.message}`;
}
