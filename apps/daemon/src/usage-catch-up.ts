import type { SessionRecord, UsageService } from '@codepiper/core';

/**
 * Reads what was appended to these sessions' transcripts since the last pass, one session at a time
 * (each pass opens its file and commits on its own; a burst of parallel passes would only contend for
 * the disk and the database). Failures are logged, never thrown: a report answers with what is stored.
 */
export async function catchUpTranscripts(usage: UsageService, records: readonly SessionRecord[], log: (message: string) => void): Promise<void> {
  for (const record of records) {
    const { provider, transcriptPath } = record;
    if (!transcriptPath || (provider !== 'claude' && provider !== 'codex')) continue;
    try {
      await usage.ingest({ sessionId: record.id, provider, path: transcriptPath });
    } catch (error) {
      log(`usage ingest of ${transcriptPath} (session ${record.id}) failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
