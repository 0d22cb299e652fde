/**
 * Core's tuning constants: one flat file of exported numbers, each with the reason for its value.
 * (Other parts of core append theirs here; keep it flat, no objects, no imports.)
 */

// ---------------------------------------------------------------------------------------------------
// Durable output log
// ---------------------------------------------------------------------------------------------------

/**
 * Default cap of a session's output log. The log keeps two segments of cap/2, so it holds between
 * 8 and 16 MiB: hours of an agent's output, a few seconds of a flood, and 200 sessions stay < 3.2 GB.
 */
export const OUTPUT_LOG_DEFAULT_CAP_BYTES = 16 * 1024 * 1024;

/** Smallest cap the pty host accepts for a session: below this rotation would churn files per keystroke. */
export const OUTPUT_LOG_MIN_CAP_BYTES = 64 * 1024;

/** Largest cap the pty host accepts for a session: the log is for recent output, not an archive. */
export const OUTPUT_LOG_MAX_CAP_BYTES = 1024 * 1024 * 1024;

/** Read size when streaming a log back: large enough for few syscalls, small enough to stream. */
export const OUTPUT_LOG_READ_CHUNK_BYTES = 64 * 1024;

/**
 * Output log writes are batched: what sessions print is written once per this interval (one timer for
 * all sessions, only while output waits), so a busy session costs a write every 50 ms rather than one
 * per pty read. Measured (20 sessions each writing a 100-byte line every 10 ms, 2 cores): the host spent 15 % of a core at 10 ms, 12 % at 50 and at 100 ms. `codepiper logs` reads the files, so it may lag the live stream by up to this.
 */
export const OUTPUT_LOG_BATCH_MS = 50;

/** A session holding this much unwritten log output (a flood) is written at once instead. */
export const OUTPUT_LOG_BATCH_BYTES = 256 * 1024;

/**
 * Unwritten bytes a log writer may hold before the host pauses reading that session's pty. A disk
 * normally absorbs far more than a pty produces (~80 MB/s); this only bounds memory on a stalled disk.
 */
export const OUTPUT_LOG_WRITER_HIGH_WATERMARK = 16 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------
// Processes
// ---------------------------------------------------------------------------------------------------

/**
 * V8's old-generation growth for the daemon and the pty host: after a full GC the next one is due at
 * (1 + this/100) × the live heap, where V8's own choice for a heap this small (~17 MB) is ~2.3×. During
 * a flood (~30 MB/s streaming through) the daemon's old generation sat at 17 MB of that 40 MB limit,
 * yet V8 started a full GC on the allocation limit every ~0.25 s: ~20 per 200 MB with no client
 * attached, 0.75–1.1 s of CPU (docs/performance.md has what we ruled out).
 * Measured on the 2-core VM (the `pnpm bench` flood, no client, 2 floods per setting): 100 changed
 * nothing (34 full GCs); 200 left 4, and the daemon's CPU fell to 0.28–0.48 s, the host's by ~0.2 s,
 * and the flood ran as fast as into bare node-pty. The limit only moves the next full GC; the memory
 * reducer still shrinks an idle heap.
 */
export const HEAP_GROWING_PERCENT = 200;

// ---------------------------------------------------------------------------------------------------
// Pty host: output path
// ---------------------------------------------------------------------------------------------------

/**
 * Most output one session may collect in a turn before it is flushed rather than held: a flood's
 * 4 ms of output (OUTPUT_FLOOD_COALESCE_MS, ~110 KB at 30 MB/s) fits, and host memory per session
 * stays small.
 */
export const OUTPUT_TURN_MAX_BYTES = 256 * 1024;

/**
 * Largest output payload in one frame to the daemon (and so to every client, which gets the same
 * bytes); a flush of more is several frames in one corked write. Node reads a socket 64 KiB at a time,
 * and a WebSocket message spread over two reads is copied into a fresh buffer to be whole (ws does;
 * so does the daemon's wire parser), so a frame that fits in one read is mostly passed on as a view.
 * Measured with the `pnpm bench` flood to 10 ws clients (100 MB, 2 cores, CPU seconds): frames of
 * ~110 KB (the 4 ms coalesce, cap 256 KiB) cost the clients 2.5–3.1 s (a third of it copying, most
 * of the rest collecting those buffers); capped at 48 KiB 1.6–1.9 s, the daemon unchanged (1.3–1.5
 * s); at 16 KiB the clients saved no more and the daemon's system time doubled (more writes).
 */
export const OUTPUT_FRAME_MAX_PAYLOAD = 48 * 1024;

/**
 * Unwritten bytes on the daemon socket above which the host pauses reading every pty (resumed on
 * 'drain'). The daemon is a local process that reads as fast as we write; 8 MiB is ~0.1 s of a flood,
 * enough to ride out a GC pause without pausing, and bounds host memory when the daemon is slow.
 */
export const DAEMON_SOCKET_HIGH_WATERMARK = 8 * 1024 * 1024;

/**
 * A session writing at least FLOOD_BYTES within FLOOD_WINDOW_MS (2.5 MB/s) is flooding (`cat` of a
 * big file, a build log, `yes`): its output is then batched for throughput (OutputPump) and its
 * headless parsing deferred (HeadlessPool). Interactive output stays far below: an echo is bytes, a
 * full 200×60 colour redraw ~60 KB, a 30 fps full-screen TUI ~1.8 MB/s. Measured with the `pnpm
 * bench` flood (100 MB of base64, medians of 3, 2 cores), CPU per MB of output: deferring the parse
 * took the worker from 22 to ~1 ms, and host + daemon + client together from 76 to 54 ms.
 */
export const FLOOD_BYTES = 256 * 1024;
export const FLOOD_WINDOW_MS = 100;

/**
 * Output that is not an answer to input is collected this long, across all sessions, before it is
 * flushed in one write (see OutputPump): at most half a 60 Hz frame later. Measured with 20 sessions
 * each printing a 100-byte line every 2 ms (2 cores), % of a core for daemon / pty host: flushed every
 * turn 15.0 / 35.6, every 4 ms 3.0 / 24.8, every 8 ms 1.8 / 21.2; a line every 10 ms: 4.4 / 13.6,
 * 3.4 / 13.6, 1.8 / 13.6.
 */
export const OUTPUT_BATCH_MS = 8;

/**
 * Output within this long after input was written to a session is an answer to it (an echo, a redraw
 * after a key) and leaves at once. An echo comes back in well under a millisecond and a full-screen
 * program redraws within a frame or two (16–33 ms); 50 ms covers both without treating a program that
 * prints on its own, seconds after the last key, as interactive.
 */
export const OUTPUT_INTERACTIVE_MS = 50;

/**
 * How long a flooding session's output is collected before it is flushed (see OutputPump). Measured
 * with the `pnpm bench` flood (100 MB of base64, medians of 3, 2 cores): flushing every event-loop
 * turn made 2 KB frames (66k of them) and cost the daemon 16 ms of CPU and ~390 context switches per
 * MB (54 ms per MB for host + daemon + client); collecting for 4 ms makes ~110 KB frames, 6 ms and
 * 34 switches (28 ms in all), and took the throughput from ~0.67× to ~0.86× of bare node-pty. 4, 8
 * and 16 ms measured the same, so the shortest: the most an echo landing in a flood can wait.
 */
export const OUTPUT_FLOOD_COALESCE_MS = 4;

/**
 * How long the daemon socket may stay over its watermark (ptys paused) before the host drops that
 * connection and lets sessions run unforwarded: a hung-but-connected daemon must not freeze every
 * agent forever. A restarted daemon reconnects and resynchronises with snapshots.
 */
export const DAEMON_STALL_TIMEOUT_MS = 30_000;

// ---------------------------------------------------------------------------------------------------
// Pty host: input path
// ---------------------------------------------------------------------------------------------------

/**
 * Input is written to the pty in pieces of this size, in order. 4 KiB matches the tty input buffer's
 * granularity, so a 1 MiB paste is fed as fast as the program reads it without a huge single write.
 */
export const PTY_INPUT_CHUNK_BYTES = 4 * 1024;

/**
 * Input queued for a session whose program does not read it. Beyond this, new input is dropped
 * (and logged): a paste is at most 1 MiB (LIMITS.maxInputBytes), so 8 MiB is eight pending pastes.
 */
export const PTY_INPUT_QUEUE_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Retry delays while the pty's input buffer is full (EAGAIN): start short so a paste is quick, back
 * off so a program that never reads costs no CPU. These timers exist only while input is pending.
 */
export const PTY_INPUT_RETRY_MIN_MS = 1;
export const PTY_INPUT_RETRY_MAX_MS = 50;

/**
 * libuv reports EOF on a pty master too early (POLLHUP after a short read) while the kernel still
 * holds the last output; the host then reads the fd directly until EIO. This bounds that synchronous
 * drain (the kernel holds at most ~70 KiB once the other side is closed; this is a safety net).
 */
export const PTY_EOF_DRAIN_MAX_BYTES = 4 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------
// Pty host: headless terminal (worker thread)
// ---------------------------------------------------------------------------------------------------

/**
 * Unposted bytes per session (a flood's deferred output, or output waiting for a slow worker) above
 * which the backlog is cut to its last HEADLESS_CATCHUP_TAIL bytes for a fresh terminal: the memory a
 * flooding session holds, and what the worker parses once a flood goes quiet. Measured, snapshots
 * every 150 ms of a `base64 /dev/urandom` flood (120×32, 2 loaded cores) while a snapshot still
 * parsed the whole backlog: 8 MiB took 82 ms p50 / 252 ms max, 2 MiB 28 / 68 ms, 1 MiB 15 / 46 ms.
 * A snapshot in flood mode now parses only the tail (10 ms p50 / 27–34 ms max); 1 MiB keeps the
 * parse a resize in a flood forces (everything before it) near the 15 / 46 ms above.
 */
export const HEADLESS_MAX_BACKLOG = 1024 * 1024;

/**
 * While a snapshot of a session is being taken, its backlog may grow to this before it is cut. A cut
 * resets the worker's terminal, so the snapshot under way comes back from a terminal that no longer
 * exists and is retried; a flood (~35 MB/s here) outgrew HEADLESS_MAX_BACKLOG within one 256 KiB
 * tail parse (10–50 ms on 2 loaded cores) often enough that all SNAPSHOT_MAX_ATTEMPTS failed (seen in
 * `pnpm bench`, browser figure, a 50 MB flood beside Chromium). 4 MiB is ~100 ms of such a flood; it is
 * held only while the snapshot is under way.
 */
export const HEADLESS_SNAPSHOT_MAX_BACKLOG = 4 * 1024 * 1024;

/**
 * Bytes fed to a freshly reset headless terminal. A flood's final screen is determined by its last
 * few screens of output; 256 KiB covers even a 500×1000 screen of plain text plus escape sequences.
 */
export const HEADLESS_CATCHUP_TAIL = 256 * 1024;

/**
 * Scrollback lines kept by each headless terminal. Field notes: 10k lines × 120 cols cost ~24 MB per
 * session; 1000 lines is ~2.4 MB, and a snapshot rarely needs more than a couple of screens.
 */
export const HEADLESS_SCROLLBACK = 1000;

/**
 * Bytes the host keeps posted to the worker but not yet parsed, per session (outside flood mode).
 * Below it each turn's output is posted at once (an echo is parsed immediately); above it output
 * accumulates and goes in one message when the worker reports progress, so fast output costs few
 * large messages instead of one per 4 KiB pty read. 512 KiB is ~12 ms of parsing: no starving.
 */
export const HEADLESS_POST_WINDOW = 512 * 1024;

/**
 * Output fed to the headless pool is posted to the worker at most this long after it was read, every
 * session's in one message (a snapshot posts what is pending first, so nothing waits for it). Measured
 * with 20 sessions each printing a line every 2 ms (2 cores): a message per flush cost the host's thread
 * ~3 % of a core (postMessage, in a profile) when every pty read was flushed on its own; with output
 * batched (OUTPUT_BATCH_MS) the pty host used 22.4 % of a core posting at once and 21.6 % every 20 ms.
 */
export const HEADLESS_POST_DELAY_MS = 20;

/** Largest single write posted to the worker: xterm parses one write without yielding, so this bounds
 * how long a snapshot request can wait behind a write (~6 ms at 40 MB/s). */
export const HEADLESS_POST_MAX_BYTES = 256 * 1024;

/** Scrollback rows in a snapshot when the caller does not say: a few screens, a small message. */
export const SNAPSHOT_DEFAULT_SCROLLBACK = 200;

/** Times the host retries a snapshot that raced with a backlog reset before giving up. */
export const SNAPSHOT_MAX_ATTEMPTS = 5;

// ---------------------------------------------------------------------------------------------------
// Pty host: lifetime
// ---------------------------------------------------------------------------------------------------

/**
 * How long an idle host (no daemon connected, no session running) waits before exiting. Long enough
 * for the spawner of a fresh host to connect; leaving early costs nothing, since with no session
 * running there is nothing to keep (exit records are in exit.json) and a daemon spawns a new host.
 */
export const PTY_HOST_IDLE_EXIT_MS = 2_000;

/** After SIGHUP at shutdown, how long sessions get to exit before SIGKILL. */
export const PTY_HOST_KILL_GRACE_MS = 2_000;

/** After SIGKILL at shutdown, how long to wait for exit notifications before exiting anyway. */
export const PTY_HOST_KILL_WAIT_MS = 2_000;

/** Largest frame the host wire accepts: a 1 MiB paste or a snapshot answer fits many times over. */
export const PTY_HOST_MAX_WIRE_FRAME = 64 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------
// Pty host client
// ---------------------------------------------------------------------------------------------------

/** A request to the host that gets no answer within this time fails instead of hanging its caller. */
export const PTY_HOST_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Total time to wait for a freshly spawned host's socket. Node starts in ~50 ms; 5 s covers a loaded
 * machine, after which the caller gets a clear daemon_unavailable error pointing at the host log.
 */
export const PTY_HOST_SPAWN_WAIT_MS = 5_000;

/** Delay between connection attempts while waiting for a spawned host's socket to appear. */
export const PTY_HOST_SPAWN_POLL_MS = 25;

/** A spawn lock older than this is from a spawner that died mid-spawn and is taken over. */
export const PTY_HOST_SPAWN_LOCK_STALE_MS = 10_000;

// ---------------------------------------------------------------------------------------------------
// Agents: providers and hooks
// ---------------------------------------------------------------------------------------------------

/**
 * How long `<binary> --version` may take when providers are detected. Claude's native binary and
 * Codex answer in well under a second; 5 s covers a cold disk without letting a hung binary stall
 * `GET /api/providers` or a session start.
 */
export const PROVIDER_VERSION_TIMEOUT_MS = 5_000;

/**
 * Margin between the daemon's approval timeout and the timeout written into the agent's hook
 * settings: the daemon must answer (empty: "fall back to your own prompt") before the agent kills
 * the hook, and 30 s absorbs a loaded machine and the forwarder's start-up.
 */
export const HOOK_TIMEOUT_MARGIN_SECONDS = 30;

/**
 * Timeout of hooks that never wait for the owner (state and transcript events). The daemon answers
 * them in milliseconds; if it hangs, 15 s bounds how long the agent stalls before carrying on.
 */
export const HOOK_DEFAULT_TIMEOUT_SECONDS = 15;

// ---------------------------------------------------------------------------------------------------
// Policy engine
// ---------------------------------------------------------------------------------------------------

/**
 * Longest one-line summary of a tool call (approval lists, notifications): a phone shows about two
 * lines of 100 characters, and a push notification's body is cut by the OS around there anyway.
 */
export const POLICY_SUMMARY_MAX_CHARS = 200;

/** Longest quoted input inside a verdict's explanation, so the sentence stays readable on one screen line or two. */
export const POLICY_EXPLANATION_QUOTE_MAX_CHARS = 120;

// ---------------------------------------------------------------------------------------------------
// Token usage: transcript ingestion
// ---------------------------------------------------------------------------------------------------

/**
 * Bytes read from a transcript per read call. Most of a Claude transcript is tool results that are
 * skipped without parsing, so the cost per byte is a newline search: 1 MiB keeps syscalls and event-loop
 * turns few (100 per 100 MB) while a pass still yields to the daemon's other work every few ms.
 */
export const TRANSCRIPT_READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Transcript bytes consumed per transaction. Each commit is fsynced (synchronous=FULL) and costs a few
 * ms, so committing per 1 MiB chunk would cap ingestion near 200 MB/s; 16 MiB makes commits a rounding
 * error, and a crash re-reads at most this much (the cursor is in the same transaction as the rows).
 */
export const TRANSCRIPT_COMMIT_BYTES = 16 * 1024 * 1024;

/** Rows held before a commit regardless of bytes, bounding memory on a transcript of tiny lines. */
export const TRANSCRIPT_COMMIT_ROWS = 20_000;

/** Entries in the analytics "top tools" and "most expensive sessions" lists: what fits a phone screen. */
export const ANALYTICS_TOP_COUNT = 10;

// ---------------------------------------------------------------------------------------------------
// Push notifications: what storage keeps
// ---------------------------------------------------------------------------------------------------

/**
 * Delivery log rows kept (oldest dropped first). A busy day is a few hundred events × a few devices ×
 * at most a handful of attempts; 5,000 rows is days to weeks of history for "why did my phone not
 * buzz", at well under a megabyte.
 */
export const PUSH_DELIVERY_LOG_KEEP = 5_000;

/** Inbox entries kept: far more than anyone scrolls, yet the unread count stays a cheap indexed query. */
export const NOTIFICATION_INBOX_KEEP = 2_000;
