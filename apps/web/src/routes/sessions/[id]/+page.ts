import type { PageLoad } from './$types';

// Session ids are only known at run time: the daemon answers this path with the SPA fallback shell.
export const prerender = false;

export const load: PageLoad = ({ params }) => {
  // Fetch the terminal code while the layout checks the login, instead of after the page has rendered:
  // it is the largest chunk, and opening a session waits for it (measured: ~50 ms of the time to screen).
  void import('$lib/terminal');
  return { id: params.id };
};
