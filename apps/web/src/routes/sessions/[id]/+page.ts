import type { PageLoad } from './$types';

// Session ids are only known at run time: the daemon answers this path with the SPA fallback shell.
export const prerender = false;

export const load: PageLoad = ({ params }) => ({ id: params.id });
