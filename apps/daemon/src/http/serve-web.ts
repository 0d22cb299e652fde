import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The built dashboard (adapter-static output). Unknown paths fall back to the SPA shell so client-side
 * routes survive a reload. serveStatic normalises the path and refuses to leave `root`.
 */
export function serveWeb(root: string): Hono {
  const app = new Hono();
  const shell = readShell(root);
  app.use('*', serveStatic({ root }));
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
