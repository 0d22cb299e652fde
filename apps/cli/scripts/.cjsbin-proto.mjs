import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
const bins = readFileSync('dist/bin.js', 'utf8').match(/var t=(\{commands:.*?\});/)[1];
await build({ absWorkingDir: process.cwd(), entryPoints: ['src/bin.ts'], outfile: 'dist/bin.cjs', bundle: true,
  plugins: [{ name: 'unbundled-cli', setup: (b) => b.onResolve({ filter: /^\.\/cli\.js$/ }, (a) => ({ path: a.path, external: true })) }],
  platform: 'node', format: 'cjs', target: 'node20.19', define: { CODEPIPER_BUNDLES: bins, 'import.meta.url': '__binUrl' },
  banner: { js: '#!/usr/bin/env node\nconst __binUrl = require("node:url").pathToFileURL(__filename).href;' },
  minify: true, legalComments: 'none', logLevel: 'warning' });
