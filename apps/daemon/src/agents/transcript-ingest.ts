import type { UsagePort } from './ports.js';

/**
 * Starts usage ingestion of a session's transcript without making the hook wait: ingestion of a long
 * transcript can take a while and the agent must not stall for it. Failures are logged, never thrown;
 * the usage service serialises passes over the same file, and reads only what was appended.
 */
export class TranscriptIngest {
  constructor(
    private readonly usage: UsagePort | undefined,
    private readonly log: (message: string) => void,
  ) {}

  request(sessionId: string, provider: string | null, path: string | null): void {
    if (!this.usage || !path || (provider !== 'claude' && provider !== 'codex')) return;
    let started: Promise<unknown>;
    try {
      started = this.usage.ingest({ sessionId, provider, path });
    } catch (error) {
      this.fail(sessionId, path, error);
      return;
    }
    started.catch((error: unknown) => this.fail(sessionId, path, error));
  }

  private fail(sessionId: string, path: string, error: unknown): void {
    this.log(`usage ingest of ${path} (session ${sessionId}) failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
