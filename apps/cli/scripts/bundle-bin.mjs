// Bundles the `codepiper` command (src/bin.ts and everything it imports, dependencies included) into
// dist/bin.js, the file package.json's `bin` points at, replacing tsc's unbundled copy. Run after tsc:
// the library entry (dist/index.js) and the type declarations stay tsc's.
//
// Why: a short command such as `codepiper sessions --json` spent most of its time loading ~280
// modules (zod alone is ~95 files); see BENCHMARKS.md, CLI start-up. dist/bin.js holds what every
// command needs (yargs, the client, the error model); each command and each heavy dependency (zod,
// ws, qrcode) is a chunk beside it (dist/bin-*.js) that is read only when a command imports it.
//
// Left out and imported from node_modules at run time, only by the commands that need them: the
// daemon (`codepiper daemon`, `codepiper hook`), core's main entry, and the native modules.
import { readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const RUNTIME_IMPORTS = /^(@codepiper\/daemon(\/.*)?|@codepiper\/core|@codepiper\/core\/pty-host-main|node-pty|better-sqlite3)$/;
const CHUNK = /^bin-.+-[A-Z0-9]{8}\.js(\.map)?$/;

/**
 * yargs renders the help of the command it runs even when nobody asks for help (to have it ready for
 * showHelp), measuring every cell with string-width, whose first Intl.Segmenter use costs a short
 * command a few milliseconds, and loading it runs its Unicode regexps. The same widths for printable ASCII (every help text of ours but a few
 * examples) without it: a string of printable ASCII characters is as wide as it is long; anything else
 * goes to the real string-width of the importing package.
 */
const asciiStringWidth = {
  name: 'ascii-string-width',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (a) => {
      if (a.pluginData?.real) return undefined;
      const real = await b.resolve(a.path, { kind: a.kind, resolveDir: a.resolveDir, pluginData: { real: true } });
      return real.errors.length > 0 ? { errors: real.errors } : { path: real.path, namespace: 'ascii-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'ascii-string-width' }, (a) => ({
      resolveDir: dirname(a.path),
      // require(), not import: esbuild then wraps the real module in a lazy initialiser, so its
      // top level (an Intl.Segmenter and Unicode property regexps, ~14 ms here) runs only on the first
      // text that is not printable ASCII.
      contents: `const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
let realStringWidth;
export default function stringWidth(text, options) {
  if (typeof text === 'string' && PRINTABLE_ASCII.test(text)) return text.length;
  realStringWidth ??= require(${JSON.stringify(a.path)}).default;
  return realStringWidth(text, options);
}`,
    }));
  },
};

/**
 * yargs imports node:assert for two equality checks; loading it (and the stderr stream its error
 * colours probe) costs every command a few milliseconds. The same checks, with node:assert loaded only
 * when one fails, so that the error thrown is the very same.
 */
const lazyAssert = {
  name: 'lazy-assert',
  setup(b) {
    b.onResolve({ filter: /^(node:)?assert$/ }, () => ({ path: 'assert', namespace: 'lazy-assert' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-assert' }, () => ({
      contents: `import { createRequire } from 'node:module';
const load = () => createRequire(import.meta.url)('node:assert');
export function strictEqual(actual, expected, message) {
  if (!Object.is(actual, expected)) load().strictEqual(actual, expected, message);
}
export function notStrictEqual(actual, expected, message) {
  if (Object.is(actual, expected)) load().notStrictEqual(actual, expected, message);
}`,
    }));
  },
};

/**
 * After starting a command's handler, yargs renders that command's help and keeps it, so that a
 * showHelp() called later from the handler shows the command's help rather than the top level's. No
 * handler of ours calls showHelp() or getHelp() (the top-level help is rendered before any command
 * runs), and the render cost `codepiper sessions` ~4 ms of its ~40 over bare Node (CPU profile, 2
 * cores): the call is removed. The build fails if yargs's code no longer has it, rather than ship a
 * bundle that silently stopped matching.
 */
const noHelpCache = {
  name: 'no-help-cache',
  setup(b) {
    b.onLoad({ filter: /[\\/]yargs[\\/]build[\\/]lib[\\/]command\.js$/ }, async (a) => {
      const source = await readFile(a.path, 'utf8');
      const call = 'yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();';
      if (source.split(call).length !== 2) return { errors: [{ text: `no-help-cache: expected one "${call}" in ${a.path}` }] };
      return { contents: source.replace(call, ''), loader: 'js' };
    });
  },
};

// Chunks of an earlier build carry other hashes: remove them so that dist/ holds one consistent set.
for (const name of await readdir(dist).catch(() => [])) if (CHUNK.test(name)) await rm(join(dist, name));

await build({
  absWorkingDir: root,
  entryPoints: { bin: 'src/bin.ts' },
  outdir: 'dist',
  // Chunks sit beside bin.js (not in a subfolder) so that paths relative to import.meta.url
  // (../package.json, ./bin.js) mean the same in every chunk as in tsc's dist/*.js.
  chunkNames: 'bin-[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  plugins: [{ name: 'runtime-imports', setup: (b) => b.onResolve({ filter: RUNTIME_IMPORTS }, (a) => ({ path: a.path, external: true })) }, asciiStringWidth, lazyAssert, noHelpCache],
  // CommonJS dependencies (ws, qrcode) call require() for Node built-ins: give the ESM bundle one.
  banner: { js: "import { createRequire as __codepiperCreateRequire } from 'node:module';\nconst require = __codepiperCreateRequire(import.meta.url);" },
  minify: process.env.CODEPIPER_BUNDLE_DEBUG !== '1',
  keepNames: false,
  legalComments: 'none',
  sourcemap: 'linked',
  logLevel: 'warning',
});
