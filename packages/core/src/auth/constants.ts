/**
 * Authentication's tuning constants: one flat file of exported numbers, each with the reason for its
 * value. No imports, so storage can read them without depending on the rest of auth.
 */

// ---------------------------------------------------------------------------------------------------
// Password hashing (argon2id)
// ---------------------------------------------------------------------------------------------------

/**
 * OWASP's first argon2id configuration (19 MiB, 2 passes, 1 lane). Field notes: ~9 ms per verify on
 * this class of machine, so a login costs nothing noticeable while an offline guesser pays 19 MiB of
 * memory per guess. Hashes below these numbers are upgraded at the next successful login.
 */
export const ARGON2_MEMORY_KIB = 19_456;
export const ARGON2_TIME_COST = 2;
/** One lane: the daemon verifies one login at a time and must not take both cores of a small host. */
export const ARGON2_PARALLELISM = 1;

// ---------------------------------------------------------------------------------------------------
// TOTP (RFC 6238)
// ---------------------------------------------------------------------------------------------------

/** The parameters every authenticator app supports; anything else breaks Google Authenticator. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** RFC 4226 recommends at least 128 bits and 160 (the SHA-1 block output) is what apps expect. */
export const TOTP_SECRET_BYTES = 20;
/**
 * Steps accepted either side of now: ±30 s absorbs a phone clock that drifts and the seconds it takes
 * to type a code, while keeping three live codes at most (RFC 6238 §5.2 suggests one step).
 */
export const TOTP_WINDOW_STEPS = 1;

// ---------------------------------------------------------------------------------------------------
// Recovery and setup codes
// ---------------------------------------------------------------------------------------------------

/** Ten codes: enough for years of lost phones, few enough to print on one line each. */
export const RECOVERY_CODE_COUNT = 10;
/** 3 groups of 4 characters of a 32-symbol alphabet: 60 bits, out of reach of online guessing. */
export const RECOVERY_CODE_GROUPS = 3;
/**
 * 4 groups of 4: 80 bits for the first-run setup code. It guards the moment anyone who reaches the port
 * could otherwise claim the daemon, so it gets more margin than recovery codes, which also need the
 * password.
 */
export const SETUP_CODE_GROUPS = 4;
/** Four characters per group are read and typed as one chunk, like a phone number. */
export const HUMAN_CODE_GROUP_LENGTH = 4;

// ---------------------------------------------------------------------------------------------------
// Browser logins and API tokens
// ---------------------------------------------------------------------------------------------------

/**
 * A login unused for a week ends: a phone left in a drawer stops being a key, while daily use never
 * sees a login prompt.
 */
export const LOGIN_IDLE_TIMEOUT_MS = 7 * 24 * 60 * 60 * 1000;
/** Every login ends 30 days after it began, however active: a stolen cookie has a bounded life. */
export const LOGIN_ABSOLUTE_TIMEOUT_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * last_seen_at / last_used_at are rewritten at most this often per login or token. Every request
 * authenticates; a write per request would cost an fsync (synchronous=FULL) each time, and a minute is
 * far finer than a seven-day idle timeout needs.
 */
export const LAST_SEEN_WRITE_INTERVAL_MS = 60_000;
/** Random bytes in a login or API token: 256 bits, unguessable with any number of requests. */
export const TOKEN_BYTES = 32;
/** Bytes of a login's or token's public id (8 hex digits): short enough to read out, unique by retry. */
export const SHORT_ID_BYTES = 4;
/** Stored user agents are cut to this length: enough to tell browsers apart, not a storage sink. */
export const USER_AGENT_MAX_LENGTH = 512;
/** Stored client addresses are cut to this length: an IPv6 address with a zone fits. */
export const IP_MAX_LENGTH = 64;

// ---------------------------------------------------------------------------------------------------
// Login rate limiting
// ---------------------------------------------------------------------------------------------------

/** Failures per client that cost nothing: typos happen, and a 6-digit code expires while being typed. */
export const RATE_FREE_FAILURES = 5;
/** First delay after the free failures; it doubles with each further failure. */
export const RATE_BASE_DELAY_MS = 1_000;
/**
 * Longest wait between attempts from one client: past 15 minutes the owner would rather be told to
 * wait than be locked out, and 4 guesses an hour is already hopeless against password + TOTP.
 */
export const RATE_MAX_DELAY_MS = 15 * 60 * 1000;
/**
 * A client's failures are forgotten after this long without a new one. Longer than the maximum delay,
 * so a client at the cap cannot reset itself by simply waiting out one delay.
 */
export const RATE_CLIENT_MEMORY_MS = 60 * 60 * 1000;
/** Window of the global failure count, and what "failed recently" means once it is over the cap. */
export const RATE_GLOBAL_WINDOW_MS = 15 * 60 * 1000;
/**
 * Failures across all clients per window before the limiter turns strict. The owner fails a handful
 * of times a day; 100 in 15 minutes is an attack spread over many addresses.
 */
export const RATE_GLOBAL_MAX_FAILURES = 100;
/**
 * While strict, clients with no recent failure still get one attempt per this interval between them,
 * so an attack cannot lock the owner (on an address of their own) out; an attacker can only spend
 * each fresh address once per window.
 */
export const RATE_CLEAN_CLIENT_INTERVAL_MS = 1_000;
/**
 * Clients tracked at most (~100 bytes each, so ~1 MB). Stale entries go first; beyond that the oldest
 * are dropped, which only makes a dropped attacker a "clean" client, still held to the strict rate.
 */
export const RATE_MAX_TRACKED_CLIENTS = 10_000;
