import { UsageError } from '../errors.js';

/**
 * Parses the daemon's URL from `--url` or CODEPIPER_URL. Only http and https; no credentials (they
 * would end up in shell history and `ps`, which is what the token's env variable avoids); no query or
 * fragment, which would have nowhere to go. A path is kept as a prefix for a daemon behind a proxy.
 */
export function parseDaemonUrl(text: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UsageError(`${source} is not a URL: "${text}" (expected http(s)://host:port)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${source} must be an http:// or https:// URL, got "${url.protocol}"`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UsageError(`${source} must not hold credentials: put the API token in CODEPIPER_TOKEN or a --token-file`);
  }
  if (url.search !== '' || url.hash !== '') throw new UsageError(`${source} must not have a query or fragment: "${text}"`);
  return url;
}

/** The URL as errors show it: scheme, host, port and the path prefix, nothing else. */
export function displayUrl(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
