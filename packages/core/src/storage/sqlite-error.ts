/** The SQLite result code of a failed statement (drizzle wraps driver errors; it is on the innermost cause). */
export function sqliteErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  }
  return undefined;
}

/** Timestamps are stored as ISO 8601 text; one fixed-width format keeps text comparisons chronological. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
