/** Tuning numbers of the web app, each with the reason for its value. */

/**
 * First reconnect delay. Short, because the common cause is a daemon restart or a phone waking up,
 * where the daemon is back within a second; the back-off doubles from here.
 */
export const RECONNECT_BASE_MS = 500;

/**
 * Back-off cap. A tab left open while the daemon is down for a long time still finds it again within
 * ten seconds, and ten seconds of one failed TCP connect is no load on a loopback or LAN daemon.
 */
export const RECONNECT_CAP_MS = 10_000;

/**
 * After a phone unlocks or a tab becomes visible, an "open" socket may be dead (the OS dropped it while
 * suspended, without a close event). If nothing arrives this long after our ping, the socket is
 * abandoned and a new one is opened. Long enough for a slow mobile round trip.
 */
export const LIVENESS_TIMEOUT_MS = 4_000;

/**
 * Flow control: acknowledge parsed output every this many bytes. The daemon stops sending at 256 KiB
 * unacknowledged and resumes under 32 KiB (FLOW_LOW_WATERMARK), so acking every 16 KiB keeps the
 * window open long before the stop, and what is left unacked once the terminal is idle is always
 * under the resume mark.
 */
export const ACK_EVERY_BYTES = 16 * 1024;

/**
 * When xterm has parsed everything it was given, acknowledge the remainder if it is at least this
 * much. Smaller leftovers (a keystroke echo) stay unacked until the next batch: they are far below the
 * daemon's resume mark, and a message per echoed key would double the traffic of typing.
 */
export const ACK_ON_IDLE_BYTES = 4 * 1024;

/**
 * Output is handed to xterm.js in pieces of at most this many bytes. xterm parses a piece in one go and
 * yields to the page only between pieces (after ~12 ms of work), and a frame from a flooding session
 * holds up to 256 KiB: in Chromium on 2 cores beside the flood, xterm parsed ~5 MB/s, so one frame was
 * a ~50 ms task, and the longest tasks of a 50 MB flood were 100–220 ms (\`pnpm bench\`, browser).
 * 32 KiB keeps a piece to a few milliseconds; xterm carries a UTF-8 sequence split across pieces.
 */
export const TERMINAL_WRITE_SLICE_BYTES = 32 * 1024;

/**
 * Input typed while disconnected is queued and sent in order after the reconnect. Beyond this many
 * bytes it is refused visibly instead: a paste of this size into a session you cannot see is more
 * likely a mistake than intent, and the queue lives in the tab's memory.
 */
export const QUEUED_INPUT_MAX_BYTES = 1024 * 1024;

/** Prompts remembered by the input bar (per browser); enough for a working day, small in localStorage. */
export const PROMPT_HISTORY_MAX = 200;

/** Terminal font sizes in CSS px: 9 still renders legible glyphs on a phone; 24 fills a tablet. */
export const FONT_SIZE_MIN = 9;
export const FONT_SIZE_MAX = 24;
/** 13 px fits 80 columns in ~720 px, and ~45 columns on a 390 px phone. */
export const FONT_SIZE_DEFAULT_DESKTOP = 13;
export const FONT_SIZE_DEFAULT_PHONE = 12;

/**
 * A viewer sees the pty at its own size, scaled down to fit the width. Below half size the glyphs of a
 * 120-column agent on a phone are unreadable, so the terminal stops shrinking and scrolls sideways.
 */
export const VIEWER_MIN_SCALE = 0.5;

/**
 * xterm's own scrollback for a live session. Snapshots bring 200 rows of history; what streams in
 * while watching adds to it. 5000 rows is a few MB at most and scrolls smoothly on a phone.
 */
export const TERMINAL_SCROLLBACK_ROWS = 5_000;

/** Relative times ("3 min ago") refresh this often; finer is invisible and costs renders on phones. */
export const CLOCK_TICK_MS = 15_000;

/**
 * Decided approvals kept in the tab for the inbox's "recent decisions": the daemon lists its latest
 * 100; fifty covers a busy day's glance on a phone without an endless page.
 */
export const RECENT_APPROVALS_SHOWN = 50;

/**
 * Inbox entries the tab keeps and the inbox page lists: the daemon writes one per event (a busy agent
 * makes a few dozen a day), so fifty is a day at a glance on a phone; older ones stay in the daemon.
 */
export const INBOX_PAGE_SIZE = 50;

/**
 * How long "turn on notifications" waits for the app's service worker. It installs within a second or
 * two of the first visit; much longer means it failed (a private window, blocked storage), and the
 * owner should hear so instead of watching a spinner.
 */
export const SERVICE_WORKER_READY_TIMEOUT_MS = 10_000;
