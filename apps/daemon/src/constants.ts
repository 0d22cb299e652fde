/** Tuning numbers of the daemon, each with the reason for its value. */

/**
 * Bytes of recent output kept per session for clients that reconnect with `from`. 1 MiB covers a
 * phone tab suspended during a few seconds of agent output; a client further behind gets a snapshot,
 * which is cheaper to render than megabytes of replay anyway. The ring grows only as output arrives,
 * so idle sessions cost nothing.
 */
export const OUTPUT_RING_BYTES = 1024 * 1024;

/**
 * Per client and session: stop sending when this many bytes sit unsent in the socket (or, for
 * `flow` clients, unacknowledged). It counts only what the kernel has not taken, and a unix socket
 * (the CLI, ws+unix) takes ~200 KB where loopback TCP takes megabytes: at 4 MiB (~50 ms of a pty at
 * 80 MB/s) a healthy unix-socket client that lost the CPU for a moment was resynchronised in 4 of 6
 * runs of the flow-control e2e test (40 MiB `tr` flood, 2 cores); at 8 MiB in none of 7. Once the
 * daemon stopped spending a third of a flood in full GCs (HEAP_GROWING_PERCENT) it delivered faster,
 * and with one busy process beside the test (`yes`, as CI's parallel test files are) 8 MiB resynced
 * the live client in 3 of 3 runs, 16 MiB in 1 of 3. A stalled client still costs at most this much
 * memory (the stalled-client benchmark: daemon + host RSS +10–16 MiB at 8 MiB; at 16 MiB +4, +25 and
 * +40 MiB in three runs, inside its 64 MB bound).
 */
export const CLIENT_HIGH_WATERMARK = 16 * 1024 * 1024;

/** Resume (with a snapshot) once the backlog drains below this; far enough below the high mark to avoid flapping. */
export const CLIENT_LOW_WATERMARK = 512 * 1024;

/**
 * Acknowledgement window for `flow: true` clients (browsers): VS Code pauses at 100k unacknowledged
 * characters and resumes under 5k; a browser's xterm parses 5–35 MB/s, so ~256 KiB is 10–50 ms of work.
 */
export const FLOW_HIGH_WATERMARK = 256 * 1024;
export const FLOW_LOW_WATERMARK = 32 * 1024;

/** App-level ping every 30 s: phones drop idle sockets silently; browsers cannot see ws-level pings. */
export const PING_INTERVAL_MS = 30_000;
/** Two and a half missed pings: long enough for a slow mobile network, short enough to reap dead tabs. */
export const CLIENT_TIMEOUT_MS = 75_000;

/** `stop`: time between SIGHUP/SIGTERM and SIGKILL. Shells and agents save state well within 3 s. */
export const DEFAULT_STOP_GRACE_MS = 3_000;
/** How long `kill` waits for the exit event after SIGKILL before answering anyway. */
export const KILL_WAIT_MS = 5_000;

/** Rows of scrollback in a snapshot: the visible screen plus enough history to scroll back a little. */
export const SNAPSHOT_SCROLLBACK_ROWS = 200;

/**
 * A snapshot the pty host could not take (it raced a flood's backlog resets, see the host's
 * SNAPSHOT_MAX_ATTEMPTS) is tried again after this long: the client waits for it with nothing else
 * to show, and the race is over within a few of the host's ~10–50 ms tail parses.
 */
export const SNAPSHOT_RETRY_MS = 100;

/** Failed snapshots in a row after which the client is told (it keeps waiting for the next try). */
export const SNAPSHOT_FAILURES_REPORTED_AFTER = 3;
/** For an ended session the "screen" is rebuilt from the log tail; 64 KiB holds several full screens. */
export const ENDED_SCREEN_TAIL_BYTES = 64 * 1024;

/** Default per-session output log cap (the 16 MiB). */
export const DEFAULT_LOG_CAP_BYTES = 16 * 1024 * 1024;

/** A WebSocket ticket is fetched and used within one page action; 30 s covers a slow phone. */
export const WS_TICKET_TTL_MS = 30_000;

/** The login cookie. `__Host-` would forbid plain-HTTP LAN use, so the name stays plain. */
export const LOGIN_COOKIE = 'codepiper_login';

/** Browser cookie lifetime: the login's absolute limit (30 days); idle expiry is enforced server-side. */
export const LOGIN_COOKIE_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * How often a session producing output is re-announced on the session list feed (its last activity
 * time). The list shows relative times ("12 s ago") that a person reads at a glance; announcing every
 * frame of a flood would send thousands of list messages per second to every dashboard.
 */
export const ACTIVITY_BROADCAST_INTERVAL_MS = 5_000;

/**
 * How long a tool call waits for the owner's decision before the agent falls back to its own prompt
 * in the terminal. 5 minutes: long enough to notice a notification on a phone and read the command,
 * short enough that an unattended agent is not stuck behind a hidden dialog for long. The agent's hook
 * timeout is set 30 s above this (see HOOK_TIMEOUT_MARGIN_SECONDS in core).
 */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 300_000;

/**
 * Tool calls remembered per agent session, to tell which call a held permission request is about (its
 * hook carries no call id). A turn makes a handful, and the request follows its call's PreToolUse
 * within milliseconds: 32 is plenty and keeps a long session's memory flat.
 */
export const TOOL_CALLS_KEPT_PER_SESSION = 32;

// ---- push notifications ----------------------------------------------------------------------

/**
 * The VAPID subject when the owner gives none (`--push-subject`). RFC 8292 asks for a contact URI;
 * FCM and Mozilla accept any syntactically valid one, but Apple's push service refuses placeholder
 * hosts (`@localhost`, `.local`, `.invalid`) with 403 BadJwtToken, so iPhones need a real address:
 * the daemon logs that advice when Apple answers so.
 */
export const DEFAULT_PUSH_SUBJECT = 'mailto:codepiper@localhost';

/**
 * How long a push service keeps a "complete"/"crashed" notification for an offline device. A phone
 * switched off overnight still learns in the morning that the build finished; older than a day it is
 * history the inbox keeps anyway.
 */
export const PUSH_OUTCOME_TTL_SECONDS = 24 * 60 * 60;

/** A test push is worth seeing only while the owner is waiting for it. */
export const PUSH_TEST_TTL_SECONDS = 10 * 60;

/**
 * Delivery attempts per device and push: the first plus four retries. With the back-off below the
 * retries span ~15 s (plus whatever Retry-After asks), which rides out a push service's brief
 * overload without holding a notification that has gone stale.
 */
export const PUSH_MAX_ATTEMPTS = 5;

/** First back-off after a 5xx, a 429 without Retry-After, or no answer; doubled per retry. */
export const PUSH_RETRY_BASE_MS = 1_000;

/**
 * The longest wait between two attempts, Retry-After included: a push service asking for more than
 * five minutes is down for longer than a notification stays useful, so we give up instead.
 */
export const PUSH_RETRY_MAX_DELAY_MS = 5 * 60 * 1000;

/** One request to a push service; they answer in well under a second when healthy. */
export const PUSH_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Push services take at most 4,096 bytes of encrypted body, and web-push does not refuse more:
 * payloads are cut to 3 KiB of JSON so the record's padding and header always fit.
 */
export const PUSH_PAYLOAD_MAX_BYTES = 3 * 1024;

/**
 * Least TTL of an "approval-resolved" push, which replaces an approval's notification on devices that
 * got it: long enough for a phone that is online to fetch it, even when the approval just timed out.
 */
export const PUSH_RESOLVED_MIN_TTL_SECONDS = 60;
