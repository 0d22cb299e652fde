import type { Approval } from '@codepiper/protocol';
import { ApiError } from '../api/api-error';

export type Decision = { approve: true; remember?: boolean } | { approve: false; reason?: string };

export type DecideOutcome =
  | { kind: 'decided'; approval: Approval }
  /** Someone or something answered first (the CLI, another tab, the terminal, the timeout). */
  | { kind: 'gone'; notice: string };

export interface DecideApi {
  approve(id: string, remember?: boolean): Promise<Approval>;
  deny(id: string, reason?: string): Promise<Approval>;
}

/**
 * Sends the owner's answer. An approval that is no longer pending (409) or no longer exists (404) is
 * not a failure the owner can act on: it comes back as a notice to show gently, with the daemon's words.
 */
export async function decideApproval(api: DecideApi, id: string, decision: Decision): Promise<DecideOutcome> {
  try {
    const reason = decision.approve ? undefined : decision.reason?.trim();
    const approval = decision.approve ? await api.approve(id, decision.remember === true) : await api.deny(id, reason || undefined);
    return { kind: 'decided', approval };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
      return { kind: 'gone', notice: `Already answered: ${error.message}` };
    }
    throw error;
  }
}
