/**
 * Limits shared by every client and the daemon, so that a client can refuse bad input before it is
 * sent and the daemon enforces the same numbers. Each one says why it is that number.
 */
export const LIMITS = {
  /** Matches the classic VT default a user expects when nothing is said; wide enough for agent TUIs. */
  defaultCols: 120,
  /** 32 rows fits a laptop terminal and shows an agent's whole prompt box. */
  defaultRows: 32,
  /** Below 2×1 a terminal cannot draw anything; above 1000×500 the headless buffer alone would cost >50 MB. */
  minCols: 2,
  minRows: 1,
  maxCols: 1000,
  maxRows: 500,
  /** Session names show in tables and on phones: short, printable, no control characters. */
  maxNameLength: 64,
  /** One input message (a paste, a prompt). 1 MiB covers any realistic paste; the daemon chunks it. */
  maxInputBytes: 1024 * 1024,
  /** JSON request bodies: an input message plus JSON overhead. Anything larger gets 413. */
  maxBodyBytes: 2 * 1024 * 1024 + 64 * 1024,
  /** WebSocket messages from clients are small control messages or input: same bound as HTTP bodies. */
  maxWsMessageBytes: 2 * 1024 * 1024 + 64 * 1024,
  /** argv entries and environment: generous, but bounded so a request cannot exhaust memory. */
  maxArgs: 256,
  maxArgLength: 32 * 1024,
  maxEnvEntries: 256,
  /** Named keys sent in one request. */
  maxKeys: 256,
} as const;
