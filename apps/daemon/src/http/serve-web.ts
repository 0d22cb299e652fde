import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { readFileSync, realpathSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { GuardEnv } from '../auth/index.js';

/**
 * The built dashboard (adapter-static output). Unknown paths fall back to the SPA shell so client-side
 * routes survive a reload. Every file is resolved through symlinks and must stay inside the web root:
 * neither `..` nor a link can reach anything else.
 */
export function serveWeb(root: string): Hono<GuardEnv> {
  const app = new Hono<GuardEnv>();
  const realRoot = realpathSync(root);
  const shell = readShell(realRoot);
  app.use('*', async (c, next) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(c.req.path);
    } catch {
      return c.text('Not found', 404);
    }
    if (decoded.includes('\0')) return c.text('Not found', 404);
    const target = resolve(realRoot, `.${decoded}`);
    if (target !== realRoot && !target.startsWith(realRoot + sep)) return c.text('Not found', 404);
    let real: string | undefined;
    try {
      real = realpathSync(target);
    } catch {
      real = undefined; // missing: the SPA fallback answers
    }
    if (real !== undefined && real !== realRoot && !real.startsWith(realRoot + sep)) return c.text('Not found', 404);
    return next();
  });
  app.use('*', serveStatic({ root: realRoot }));
  app.get('*', (c) => (shell ? c.html(shell) : c.text('The web dashboard has not been built.', 404)));
  return app;
}

function readShell(root: string): string | undefined {
  for (const name of ['index.html', '200.html']) {
    try {
      return readFileSync(join(root, name), 'utf8');
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}
