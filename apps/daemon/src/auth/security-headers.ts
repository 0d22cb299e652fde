import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Content-Security-Policy with no inline script allowed except the exact bootstrap scripts of the
 * built dashboard, pinned by hash (SvelteKit's static build starts the app from an inline script).
 * Styles may be inline: the terminal renderer and Svelte transitions set element styles.
 */
export function contentSecurityPolicy(webRoot: string | undefined): string {
  const hashes = webRoot ? inlineScriptHashes(webRoot) : [];
  return [
    "default-src 'self'",
    `script-src 'self'${hashes.map((h) => ` '${h}'`).join('')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "worker-src 'self'",
    "manifest-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** Headers every response carries, whatever listener or route. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}

function inlineScriptHashes(webRoot: string): string[] {
  const hashes = new Set<string>();
  let files: string[];
  try {
    files = readdirSync(webRoot).filter((f) => f.endsWith('.html'));
  } catch {
    return [];
  }
  for (const file of files) {
    const html = readFileSync(join(webRoot, file), 'utf8');
    for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
      const body = match[1] ?? '';
      if (body.trim() === '') continue;
      hashes.add(`sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}`);
    }
  }
  return [...hashes];
}
