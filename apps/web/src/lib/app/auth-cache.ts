import { authApi } from '../api';

export interface AuthSnapshot {
  setupRequired: boolean;
  authenticated: boolean;
}

let cached: AuthSnapshot | undefined;

/**
 * What the route gate needs to know, asked of the daemon once per page load and then kept until a
 * login, a logout or a lost login changes it, so moving between pages costs no round trip.
 */
export async function authSnapshot(fetcher?: typeof fetch): Promise<AuthSnapshot> {
  if (cached) return cached;
  const status = await authApi.status(fetcher);
  // One round trip: the status route reports whether this browser's login cookie is valid.
  const authenticated = !status.setupRequired && status.authenticated;
  cached = { setupRequired: status.setupRequired, authenticated };
  return cached;
}

export function rememberAuth(snapshot: AuthSnapshot | undefined): void {
  cached = snapshot;
}
