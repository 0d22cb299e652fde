import { redirect } from '@sveltejs/kit';
import { authSnapshot, gateRedirect } from '$lib/app';
import type { LayoutLoad } from './$types';

// The dashboard is a static single-page app served by the daemon: no server-side rendering.
export const prerender = true;
export const ssr = false;

/** Every page passes the gate first: setup until an owner exists, login until logged in. */
export const load: LayoutLoad = async ({ url, fetch }) => {
  let snapshot;
  try {
    snapshot = await authSnapshot(fetch);
  } catch {
    return { reachable: false, authenticated: false };
  }
  const target = gateRedirect(url.pathname, url.search, snapshot);
  if (target) redirect(307, target);
  return { reachable: true, authenticated: snapshot.authenticated };
};
