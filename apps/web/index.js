/** Absolute path of the built dashboard, for the daemon to serve. */
export const webRoot = new URL('./build/', import.meta.url).pathname;
