// Bundles the `codepiper` command into dist/bin.js (the file package.json's `bin` points at, replacing
// tsc's unbundled copy) and the CommonJS bundles it runs, dist/cli/*.cjs. Run after tsc: the library
// entry (dist/index.js) and the type declarations stay tsc's.
//
// Why: a short command such as `codepiper sessions --json` spent most of its time loading ~280 modules
// (zod alone is ~95 files), then, once bundled, compiling the bundle: Node 20 keeps no compiled code
// between runs (module.enableCompileCache is Node 22) and cannot give its ES module loader a V8 code
// cache. So each command is one CommonJS file holding everything it needs (yargs, the client, the
// error model, its own code: shared code is repeated in every bundle), and dist/bin.js, a small ES
// module, picks the bundle the command line names and runs it through vm.Script with a V8 code cache
// kept per user (src/code-cache). Measured on the 2-core VM (Node 20, shared with other work, so
// noisy): `sessions --json` against a daemon with 3 sessions, medians of 21 runs interleaved with
// `node -e 0` (65–70 ms), as a multiple of it:
//   ES module chunks (the previous build)                           1.53–1.71×
//   one CommonJS bundle of every command, with a code cache         1.52×
//   one CommonJS bundle per command, without a code cache           1.72×
//   one CommonJS bundle per command, with a code cache              1.32–1.41×
// The cache is written after the command ran (at exit), so it holds every function the run compiled,
// not only the top level: a cache made before running was no better (1.37× against 1.41×, and more
// CPU). An ES module that only makes the same HTTP request is 1.23×; most of what is left is yargs.
// A bundle of every command is still built (`all`), for the command lines that name none: top-level
// help, completion, an unknown word answered with a suggestion.
//
// Left out and imported at run time, through dist/bin.js, only by the commands that need them: the
// daemon (`codepiper daemon`, `codepiper hook`), core's main entry, and the native modules.
import { createHash } from 'node:crypto';
import { isBuiltin } from 'node:module';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const RUNTIME_IMPORTS = /^(@codepiper\/daemon(\/.*)?|@codepiper\/core|@codepiper\/core\/pty-host-main|node-pty|better-sqlite3)$/;
const bundles = join(dist, 'cli');
const CHUNK = /^bin(-.+-[A-Z0-9]{8})?\.js\.map$|^bin-.+-[A-Z0-9]{8}\.js$/;
// tsc's output, for the command names and the names the bundles share with dist/bin.js.
const { COMMANDS } = await import(new URL('../dist/command-registry.js', import.meta.url).href);
const { BUNDLE_GLOBALS, wrapBundle } = await import(new URL('../dist/code-cache/index.js', import.meta.url).href);

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
const noHelpCache = yargsPatch('no-help-cache', 'command.js', 'yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();', () => '');

/**
 * yargs' factory declares a --version option with a version it guesses: it walks up from the current
 * directory (or from the node_modules it was installed in) reading each directory until it finds a
 * package.json, and where none is found it throws an assertion, loading node:assert to report it,
 * and swallows it. main() declares --version with the CLI's own version, replacing that guess: the
 * call is removed (the parser then has no --version until main() gives it one). The build fails if
 * yargs's code no longer has it.
 */
const noGuessedVersion = yargsPatch('no-guessed-version', 'yargs-factory.js', '        yargs.help();\n        yargs.version();\n', () => '        yargs.help();\n');

/**
 * yargs checks the arguments of nearly every call of its API (argsert), parsing a signature string
 * each time, and only prints a warning when they do not fit: ~1 ms of a short command for ~30 calls
 * that are the same on every run. The bundle skips the check; our calls still go through it where
 * the tests and `tsc` run the code unbundled. The build fails if yargs's code no longer has it.
 */
const noArgsert = yargsPatch('no-argsert', 'argsert.js', 'export function argsert(arg1, arg2, arg3) {', () => 'export function argsert() {}\n', { wholeFile: true });

/**
 * A plugin that edits one file of yargs's build (yargs/build/lib/<file>): `find` must occur exactly once
 * there, else the build fails rather than ship a bundle that silently stopped matching; it is replaced by
 * `replacement()` (or the whole file is, with `wholeFile`).
 */
function yargsPatch(name, file, find, replacement, { wholeFile = false } = {}) {
  const filter = new RegExp(`[\\\\/]yargs[\\\\/]build[\\\\/]lib[\\\\/]${file.replace('.', '\\.')}$`);
  return {
    name,
    setup(b) {
      b.onLoad({ filter }, async (a) => {
        const source = await readFile(a.path, 'utf8');
        if (source.split(find).length !== 2) return { errors: [{ text: `${name}: expected one "${find}" in ${a.path}` }] };
        return { contents: wholeFile ? replacement() : source.replace(find, replacement), loader: 'js' };
      });
    },
  };
}

/**
 * In the bundle of one command, every other command (imported by the registry, and by usage-message.ts
 * for its subcommand names) is an empty CommonJS module: that bundle runs only for command lines naming
 * its command, where the others are never loaded, and usage-message.ts reads a missing list as "no
 * subcommands". `only` undefined keeps every command; an empty string keeps none.
 */
function onlyCommand(only) {
  return {
    name: 'only-command',
    setup(b) {
      b.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (a) => {
        if (only === undefined || a.resolveDir !== join(root, 'src') || a.path === `./commands/${only}.js`) return undefined;
        return { path: a.path, namespace: 'other-command' };
      });
      b.onLoad({ filter: /.*/, namespace: 'other-command' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    },
  };
}

const runtimeImports = { name: 'runtime-imports', setup: (b) => b.onResolve({ filter: RUNTIME_IMPORTS }, (a) => ({ path: a.path, external: true })) };

/**
 * One command's bundle (every command's when `only` is undefined): CommonJS, with `import.meta.url`
 * and the import() of each package left out of the bundle (or of a Node built-in, loaded on demand)
 * renamed to the names dist/bin.js passes in
 * (BUNDLE_GLOBALS), because code compiled by vm.Script has neither. Named after a hash of its content,
 * which the code cache's key relies on.
 */
async function buildBundle(name, only) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/cli.ts'],
    outfile: join(bundles, `${name}.cjs`),
    write: false,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20.19',
    define: { 'import.meta.url': BUNDLE_GLOBALS.importMetaUrl },
    plugins: [runtimeImports, onlyCommand(only), asciiStringWidth, lazyAssert, noHelpCache, noGuessedVersion, noArgsert],
    // CODEPIPER_BUNDLE_DEBUG=1 keeps the names (for stack traces and CPU profiles) but still drops
    // the whitespace, and with it the comments, which are not all ASCII.
    minifyWhitespace: true,
    minifyIdentifiers: process.env.CODEPIPER_BUNDLE_DEBUG !== '1',
    minifySyntax: process.env.CODEPIPER_BUNDLE_DEBUG !== '1',
    charset: 'ascii',
    keepNames: false,
    legalComments: 'none',
    // No source maps: ~3× the bundles' 12 MB for the stack trace of an unexpected error, which
    // CODEPIPER_BUNDLE_DEBUG=1 (bundles with their names) gives readable anyway.
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].text.replace(/\bimport\((["'])([^"']+)\1\)/g, (call, quote, specifier) => (RUNTIME_IMPORTS.test(specifier) || isBuiltin(specifier) ? `${BUNDLE_GLOBALS.importModule}(${quote}${specifier}${quote})` : call));
  // vm.Script has no import(): one left in would fail only when that code path runs.
  const left = /\bimport\((?!\))/.exec(code);
  if (left) throw new Error(`bundle ${name}: import() left in the bundle: …${code.slice(left.index - 60, left.index + 60)}…`);
  // esbuild escapes whatever is not ASCII (charset: 'ascii'); dist/bin.js reads the bundles as latin1.
  if (/[^\p{ASCII}]/u.test(code)) throw new Error(`bundle ${name}: not ASCII`);
  const text = wrapBundle(code);
  const file = `${name}-${createHash('sha256').update(text).digest('base64url').slice(0, 10).replace(/[-_]/g, 'x')}.cjs`;
  await writeFile(join(bundles, file), text);
  return file;
}

await mkdir(bundles, { recursive: true });

const commandNames = COMMANDS.map((c) => c.names);
const [all, version, ...perCommand] = await Promise.all([buildBundle('all', undefined), buildBundle('version', ''), ...commandNames.map(([name]) => buildBundle(name, name))]);
const commands = {};
for (const [i, names] of commandNames.entries()) for (const name of names) commands[name] = perCommand[i];

// The entry that picks and runs a bundle, twice from the same source. dist/bin.cjs is the `bin` of
// package.json: started as CommonJS, Node skips its ES module loader and the ES module facades of the
// built-ins the entry imports, ~6 ms of a ~25 ms command over bare Node (medians of 40 interleaved runs
// on the 2-core VM: an empty .mjs importing six built-ins 67.2 ms, the same as .cjs 61.3 ms, node -e 0
// 60.7 ms). dist/bin.js, the same as an ES module, stays for what was set up with that path before it
// (a service unit written by `codepiper service install`, a shell alias).
const binOptions = {
  absWorkingDir: root,
  entryPoints: ['src/bin.ts'],
  bundle: true,
  // Only tsc's copy of bin.js imports cli.js (src/bin.ts says why): left as it is, never bundled.
  plugins: [{ name: 'unbundled-cli', setup: (b) => b.onResolve({ filter: /^\.\/cli\.js$/ }, (a) => ({ path: a.path, external: true })) }],
  platform: 'node',
  target: 'node20.19',
  minify: process.env.CODEPIPER_BUNDLE_DEBUG !== '1',
  legalComments: 'none',
  logLevel: 'warning',
};
const bundlesDefine = JSON.stringify({ commands, all, version });
await build({ ...binOptions, outfile: join(dist, 'bin.js'), format: 'esm', define: { CODEPIPER_BUNDLES: bundlesDefine } });
await build({
  ...binOptions,
  outfile: join(dist, 'bin.cjs'),
  format: 'cjs',
  // CommonJS has no import.meta: the same URL, from __filename.
  define: { CODEPIPER_BUNDLES: bundlesDefine, 'import.meta.url': 'codepiperBinUrl' },
  banner: { js: 'const codepiperBinUrl = require("node:url").pathToFileURL(__filename).href;' },
});

// Then what an earlier build left: the bundles of other hashes, and the chunks and source maps of the
// ES module build before this one. Removed last, so that a `codepiper` started during a rebuild finds
// the old set or the new one whole.
const current = new Set([all, version, ...perCommand]);
for (const name of await readdir(bundles)) if (!current.has(name)) await rm(join(bundles, name));
for (const name of await readdir(dist)) if (CHUNK.test(name)) await rm(join(dist, name));
