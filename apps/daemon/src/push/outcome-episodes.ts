/** The notification kinds that report how a session's work ended. */
export type OutcomeKind = 'complete' | 'crashed';

/**
 * The de-duplication rule for "complete" and "crashed": each is announced at most once per episode
 * of a session, an episode being the work between the agent starting on something (a prompt, a tool
 * call, an approval) and the session's next outcome. So:
 *
 * - a turn that finishes (Stop hook) announces "complete"; the process exiting 0 right after, with no
 *   work in between, is the same outcome and announces nothing;
 * - an agent state `failed` and the non-zero exit that caused it are one crash, announced once;
 * - a crash after a finished turn is news ("crashed" has not been announced in that episode);
 * - the next prompt starts a new episode, whose outcome is announced again.
 *
 * Kept in memory: after a daemon restart the first outcome of each session is announced, which errs on
 * the side of telling the owner.
 */
export class OutcomeEpisodes {
  private readonly announced = new Map<string, Set<OutcomeKind>>();

  /** The agent started new work: its next outcome is news again. */
  reset(sessionId: string): void {
    this.announced.delete(sessionId);
  }

  /** True, and remembered, when `kind` was not announced yet for the session in this episode. */
  claim(sessionId: string, kind: OutcomeKind): boolean {
    let kinds = this.announced.get(sessionId);
    if (!kinds) {
      kinds = new Set();
      this.announced.set(sessionId, kinds);
    }
    if (kinds.has(kind)) return false;
    kinds.add(kind);
    return true;
  }

  /** The session ended: nothing more follows from it. */
  forget(sessionId: string): void {
    this.announced.delete(sessionId);
  }

  get size(): number {
    return this.announced.size;
  }
}
