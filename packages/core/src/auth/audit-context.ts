import type { AuditActor } from '../storage/audit-repository.js';

/** Who asks, for the audit log: passed in by the daemon, which knows the connection. */
export interface AuditContext {
  actor: AuditActor;
  ip?: string | null;
}

/** Writes one audit entry; called inside the transaction of the change it records. */
export type AuditWriter = (type: string, ctx: AuditContext, detail?: unknown) => void;
