// The dashboard is a static single-page app served by the daemon: no server-side rendering.
export const prerender = true;
export const ssr = false;
