import { hashHookSecret, type AuditRepository, type SessionRecord, type SessionRepository } from '@codepiper/core';
import type { ProviderName } from '@codepiper/protocol';
import { DaemonError } from '../errors.js';

/**
 * The session a hook belongs to, taken from its secret alone: the payload never names the session.
 * 401 for a missing or unknown secret, 403 for a secret of another provider's session, 409 once the
 * session has ended (its hooks are no longer accepted).
 */
export function sessionOfSecret(repo: SessionRepository, provider: ProviderName, secret: string | undefined): SessionRecord {
  if (!secret) throw new DaemonError('unauthorized', 'hooks must present their session hook secret');
  const session = repo.getByHookSecretHash(hashHookSecret(secret));
  if (!session) throw new DaemonError('unauthorized', 'unknown hook secret');
  if (session.provider !== provider) throw new DaemonError('forbidden', `this hook secret belongs to a ${session.provider ?? 'shell'} session, not ${provider}`);
  if (session.status !== 'running') throw new DaemonError('session_ended', `session ${session.id} has ended (${session.status}); its hooks are no longer accepted`);
  return session;
}

export interface IdentityCheck {
  repo: SessionRepository;
  audit: AuditRepository;
  session: SessionRecord;
  /** The agent's conversation id as the payload states it (Claude's session_id, Codex's thread-id). */
  claimed: string | undefined;
  event: string;
  /** The payload starts a new conversation in the same process (Claude's /clear or /resume). */
  rebind: boolean;
  now?: number;
}

/**
 * Refuses (403, audited) a payload about another conversation than the session's: with a leaked
 * secret, a hook still cannot speak for a conversation the session does not run. The conversation id
 * is learned from the first payload when it was not known at launch (Codex), and follows an explicit
 * switch of conversation inside the same agent (SessionStart after /clear or /resume).
 */
export function checkConversation(check: IdentityCheck): SessionRecord {
  const { repo, session, claimed } = check;
  if (!claimed || claimed === session.providerSessionId) return session;
  if (session.providerSessionId === null || check.rebind) {
    return repo.update(session.id, { providerSessionId: claimed }, { type: 'provider-session', data: { from: session.providerSessionId, to: claimed, event: check.event } });
  }
  check.audit.add(
    {
      type: 'hook.refused',
      actor: `hook:${session.id}`,
      detail: { session: session.id, event: check.event, expected: session.providerSessionId, claimed },
    },
    check.now ?? Date.now(),
  );
  throw new DaemonError('forbidden', `this hook is about conversation ${claimed}, but session ${session.id} runs ${session.providerSessionId}`);
}
