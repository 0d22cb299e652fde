import type { ErrorCode } from '@codepiper/protocol';
import { shellQuote } from './shell-quote.js';

/**
 * Process exit codes of every command. Session exit codes (attach) are passed through separately.
 * `interrupted` is the shell's 128 + SIGINT, for a prompt the user ended with Ctrl-C.
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/**
 * Every error the CLI reports on purpose: one line for stderr, the exit code, and — when the daemon
 * gave one — the protocol's stable error code.
 */
export class CliError extends Error {
  readonly exitCode: number;
  readonly code: ErrorCode | undefined;
  constructor(message: string, options: { exitCode?: number; code?: ErrorCode; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? EXIT.failure;
    this.code = options.code;
  }
}

/** A command line that cannot be run as written (exit 2); the reporter adds the pointer to --help. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, { exitCode: EXIT.usage });
    this.name = 'UsageError';
  }
}

/** The user pressed Ctrl-C at a prompt: exit 130, as if SIGINT had ended the process. */
export class InterruptedError extends CliError {
  constructor() {
    super('cancelled', { exitCode: EXIT.interrupted });
    this.name = 'InterruptedError';
  }
}

/** Per-call replacements of the hints below, for routes where the generic one would mislead (a token, not a session, was not found). */
export type CodeHints = Partial<Record<ErrorCode, string | undefined>>;

/**
 * What the CLI adds to a daemon error of each code. Keyed by the protocol's codes so that a new code
 * fails the typecheck here instead of being reported without thought.
 */
const DAEMON_CODE_HINTS: Record<ErrorCode, string | undefined> = {
  bad_request: undefined,
  unauthorized: undefined,
  forbidden: undefined,
  not_found: 'list sessions with "codepiper sessions --all"',
  ambiguous: 'use more characters of the id, or the name',
  conflict: undefined,
  session_ended: undefined,
  payload_too_large: undefined,
  rate_limited: 'try again in a moment',
  misdirected: undefined,
  daemon_unavailable: undefined,
  internal: 'see the daemon log',
};

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DAEMON_CODE_HINTS, value);
}

function withHint(message: string, hint: string | undefined): string {
  const sentence = message.replace(/[.\s]+$/, '');
  return hint ? `${sentence} (${hint})` : sentence;
}

/** The one-line "how to start it" message for a socket nothing answers on. */
export function daemonNotRunning(socketPath: string, homeOption?: string): CliError {
  const home = homeOption ? ` --home ${shellQuote(homeOption)}` : '';
  return new CliError(
    `no daemon is running (socket ${socketPath}); start one with "codepiper daemon${home} --detach" (background) or "codepiper daemon${home}" (foreground)`,
    { code: 'daemon_unavailable' },
  );
}

/** A non-2xx answer from the daemon: its `{error: {code, message}}` body, or whatever it sent. */
export function fromDaemonResponse(status: number, body: string, hints: CodeHints = {}): CliError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (error && isErrorCode(error.code) && typeof error.message === 'string') {
    const hint = Object.prototype.hasOwnProperty.call(hints, error.code) ? hints[error.code] : DAEMON_CODE_HINTS[error.code];
    return new CliError(withHint(error.message, hint), { code: error.code });
  }
  return new CliError(`the daemon answered HTTP ${status}${body ? `: ${firstLine(body)}` : ''}`);
}

/** A protocol `{type: "error"}` WebSocket message, or an error object carrying a protocol code (a DaemonError thrown in-process). */
export function fromCodedError(code: unknown, message: string): CliError {
  if (isErrorCode(code)) return new CliError(withHint(message, DAEMON_CODE_HINTS[code]), { code });
  return new CliError(firstLine(message));
}

/** Errors from talking to the unix socket (HTTP or WebSocket), as one actionable line. */
export function fromSocketError(error: unknown, socketPath: string, homeOption?: string): CliError {
  if (error instanceof CliError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ECONNREFUSED':
      return daemonNotRunning(socketPath, homeOption);
    case 'EACCES':
    case 'EPERM':
      return new CliError(`permission denied on the daemon socket ${socketPath} (it belongs to another user)`, { cause: error });
    case 'ECONNRESET':
    case 'EPIPE':
      return new CliError('the daemon closed the connection (is it shutting down?)', { cause: error });
    default:
      return new CliError(`cannot talk to the daemon at ${socketPath}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Node's codes for a TLS peer whose certificate does not verify against the trusted CAs. */
const CERTIFICATE_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const UNREACHABLE_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  EPROTO: 'TLS handshake failed (is it plain http?)',
};

/** Errors from talking to a daemon by URL (HTTP or WebSocket), as one actionable line. */
export function fromNetworkError(error: unknown, url: string): CliError {
  if (error instanceof CliError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (CERTIFICATE_ERRORS.has(code)) {
    return new CliError(
      `cannot verify the certificate of ${url} (${message}); if it is self-signed, trust it with NODE_EXTRA_CA_CERTS=/path/to/its-ca.pem`,
      { code: 'daemon_unavailable', cause: error },
    );
  }
  const reason = UNREACHABLE_REASONS[code] ?? message;
  return new CliError(`cannot reach ${url} (${reason})`, { code: 'daemon_unavailable', cause: error });
}

/** A 401 in remote mode: the only credential the CLI sends is the token, so the token is what was refused. */
export function tokenRefused(source: string): CliError {
  return new CliError(`the daemon refused the token (${source}); create one with "codepiper token create" on the daemon's machine`, { code: 'unauthorized' });
}

/** Remote mode without a token: refused before any request, since every route but the status ones needs one. */
export function tokenMissing(urlSource: string): UsageError {
  return new UsageError(
    `no API token for ${urlSource}: export CODEPIPER_TOKEN or pass --token-file (create one with "codepiper token create" on the daemon's machine)`,
  );
}

/** A command that only the owner at the daemon's machine may run, asked for in remote mode. */
export function localOnly(command: string, urlSource: string): UsageError {
  return new UsageError(`"codepiper ${command}" runs only on the daemon's machine, over its unix socket: run it there, without ${urlSource}`);
}

export function timeoutError(what: string, ms: number): CliError {
  return new CliError(`${what} did not answer within ${Math.round(ms / 1000)} s`);
}

/**
 * The one place an error becomes stderr text and an exit code. Known errors print their line;
 * anything else is a bug, reported as one line too (the stack only with CODEPIPER_DEBUG set).
 */
export function reportError(error: unknown, usageHint: string, write: (text: string) => void = (t) => process.stderr.write(t)): number {
  if (error instanceof UsageError) {
    write(`codepiper: ${firstLine(error.message)} (${usageHint})\n`);
    return error.exitCode;
  }
  if (error instanceof CliError) {
    write(`codepiper: ${firstLine(error.message)}\n`);
    return error.exitCode;
  }
  const coded = error as { code?: unknown; message?: unknown } | undefined;
  if (error instanceof Error && isErrorCode(coded?.code)) {
    write(`codepiper: ${firstLine(fromCodedError(coded.code, error.message).message)}\n`);
    return EXIT.failure;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`codepiper: unexpected error: ${firstLine(message)}\n`);
  if (process.env.CODEPIPER_DEBUG && error instanceof Error && error.stack) write(`${error.stack}\n`);
  return EXIT.failure;
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim().length > 0) ?? text;
  return line.trim();
}
