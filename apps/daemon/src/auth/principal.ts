/**
 * Who is asking. `local`: the unix socket, reachable only by the owner's own user (0600 in a 0700
 * home) — the CLI on the machine, including over `ssh host codepiper …`. `login`: a browser login
 * (cookie). `token`: an API token (Authorization: Bearer).
 */
export type Principal =
  | { kind: 'local'; readOnly: false }
  | { kind: 'login'; loginId: string; readOnly: false }
  | { kind: 'token'; tokenId: string; readOnly: boolean };

export const LOCAL_PRINCIPAL: Principal = { kind: 'local', readOnly: false };

/** The audit log's name for a principal. */
export function auditActor(principal: Principal | undefined): 'owner' | 'local-cli' | 'anonymous' | `token:${string}` {
  if (!principal) return 'anonymous';
  if (principal.kind === 'local') return 'local-cli';
  if (principal.kind === 'token') return `token:${principal.tokenId}`;
  return 'owner';
}
