/** Pages anyone may see: the others need a login. */
const PUBLIC_PATHS = new Set(['/login', '/setup']);

/**
 * A path to return to after logging in, or '/' when the given one is missing or could leave this
 * origin (`//evil.example`, `/\evil`, `https:…`): only same-origin absolute paths are followed.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (PUBLIC_PATHS.has(next.split(/[?#]/)[0]!)) return '/';
  return next;
}

export function loginPath(returnTo: string): string {
  const next = safeNext(returnTo);
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/**
 * Which page a visitor may see: the setup page until an owner exists, the login page until logged in
 * (remembering where they were going), and neither once logged in. Undefined: stay.
 */
export function gateRedirect(path: string, search: string, state: { setupRequired: boolean; authenticated: boolean }): string | undefined {
  const here = path.replace(/\/+$/, '') || '/';
  if (state.setupRequired) return here === '/setup' ? undefined : '/setup';
  if (!state.authenticated) {
    if (here === '/login') return undefined;
    return here === '/setup' ? '/login' : loginPath(here + search);
  }
  if (PUBLIC_PATHS.has(here)) return safeNext(new URLSearchParams(search).get('next'));
  return undefined;
}
