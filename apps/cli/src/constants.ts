/** Tuning numbers of the CLI, each with the reason for its value. */

/**
 * Ordinary API calls answer in milliseconds; 10 s covers a daemon busy starting a pty host without
 * letting a wedged daemon hang a script (or an `ssh host codepiper …`) forever.
 */
export const REQUEST_TIMEOUT_MS = 10_000;

/**
 * `stop` and `kill` answer only once the process has ended: the daemon waits up to the grace period,
 * then up to 5 s more after SIGKILL. This margin sits on top of the grace period so that the daemon,
 * not the CLI, is the one that decides the outcome.
 */
export const END_REQUEST_MARGIN_MS = 15_000;

/** The daemon's own default grace period for `stop` (documented in the API), used to size the timeout above. */
export const DAEMON_DEFAULT_GRACE_MS = 3_000;

/**
 * A log read is a stream of up to the log cap (16 MiB by default); the bound is on silence between
 * chunks, not on the whole transfer, so a big log over a slow link still completes.
 */
export const LOG_IDLE_TIMEOUT_MS = 15_000;

/** WebSocket handshake over the unix socket: local and instant when the daemon is healthy. */
export const WS_HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * `daemon --detach`: a cold start opens SQLite, runs migrations and spawns the pty host (node-pty
 * native module load); 20 s is generous on a slow disk yet still fails a broken start visibly.
 */
export const DAEMON_START_TIMEOUT_MS = 20_000;

/** `daemon stop`: the daemon flushes state and, with --kill-sessions, waits for the pty host to end every session. */
export const DAEMON_STOP_TIMEOUT_MS = 20_000;

/** Poll interval while waiting for the daemon socket to come up or go away: no event exists for either. */
export const DAEMON_POLL_INTERVAL_MS = 50;

/** Probing the socket to see whether a daemon answers: a live daemon answers health checks at once. */
export const HEALTH_PROBE_TIMEOUT_MS = 1_000;

/**
 * The stripped log view works line by line; output that never emits a newline (a full-screen TUI
 * drawing with cursor moves) would otherwise grow one line forever. 64 KiB is far longer than any
 * real line and bounds the memory.
 */
export const LOG_LINE_MAX_CHARS = 64 * 1024;

/** Column widths in session tables: enough to recognise a command or path without wrapping an 80-column terminal too badly. */
export const TABLE_NAME_MAX = 24;
export const TABLE_COMMAND_MAX = 40;
export const TABLE_CWD_MAX = 40;

/**
 * The close code the daemon uses when the login or API token behind a WebSocket is revoked or
 * expires: 4000–4999 is the range RFC 6455 leaves to applications, and 4401 mirrors HTTP's 401.
 */
export const WS_REVOKED_CLOSE_CODE = 4401;

/**
 * The longest line a prompt accepts. The daemon takes passwords of up to 1024 code points (4 bytes
 * each at most); past that a prompt is being fed something that is not a password.
 */
export const PROMPT_MAX_CHARS = 4096;

/** `--password-stdin` reads one line; 8 KiB holds the longest password the daemon accepts with room to spare. */
export const PASSWORD_STDIN_MAX_BYTES = 8 * 1024;

/**
 * Tries for a code from the authenticator: a code typed as it rolls over, or a phone clock a little
 * off, deserves a second and third go; more would only help a guesser at the keyboard.
 */
export const TOTP_ATTEMPTS = 3;

/** Tries to choose a new password (too short, or the two entries differ) before the prompt gives up. */
export const PASSWORD_ATTEMPTS = 3;

/** Column widths in login, token and audit tables: a browser's user agent and an entry's detail can be long. */
export const TABLE_USER_AGENT_MAX = 50;
export const TABLE_DETAIL_MAX = 60;

/** The tool-call summary in the approvals table: a typical command fits, a long script is cut without wrapping. */
export const TABLE_SUMMARY_MAX = 60;

/** `doctor`: how long to wait for a daemon to answer before reporting it unreachable; a live daemon answers at once. */
export const DOCTOR_PROBE_TIMEOUT_MS = 2_000;

/** `audit --limit`: the daemon's own bound on one page of the audit log; checked here to fail as a usage error. */
export const AUDIT_LIMIT_MAX = 1000;

/**
 * `codepiper usage`: the daemon first reads whatever the agents appended to their transcripts. That is
 * usually nothing, but the first report after a long time (or an upgrade) may read gigabytes at a few
 * hundred MB/s, so the wait is longer than an ordinary call's.
 */
export const USAGE_REQUEST_TIMEOUT_MS = 120_000;

/**
 * `doctor`: clock difference with a remote daemon worth a warning. TOTP accepts codes one 30 s step
 * either side of the daemon's clock (TOTP_WINDOW_STEPS), and HTTP's Date header has 1 s resolution:
 * 15 s apart already eats half the margin a phone's own drift needs.
 */
export const DOCTOR_CLOCK_SKEW_WARN_MS = 15_000;

/** `doctor`: past a full TOTP step apart, codes from a correctly set phone start being refused. */
export const DOCTOR_CLOCK_SKEW_FAIL_MS = 30_000;
