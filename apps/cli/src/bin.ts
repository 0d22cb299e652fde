#!/usr/bin/env node
import module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeCacheDir, codeCacheKey, runCachedBundle } from './code-cache/index.js';
import { asksOnlyVersion, commandWord } from './command-word.js';

/**
 * The bundles beside this file (dist/cli/*.cjs), written in by scripts/bundle-bin.mjs: one per command
 * (under each of its names), `all` for a command line that names none (help, completion, a typo), and
 * `version` for `--version`, which needs no command.
 */
declare const CODEPIPER_BUNDLES: { commands: Record<string, string>; all: string; version: string } | undefined;

// Node 22.1+ keeps V8's compiled code between runs for the ES modules loaded after this line (the
// daemon's, for `codepiper daemon`); a no-op on Node 20, which lacks it.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// A reader that went away (`codepiper sessions | head -1`, a dropped ssh connection) is not an error
// worth a stack trace: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

type Main = (args: readonly string[]) => Promise<number>;

/** The CLI's main() from the bundle this command line needs, run with its code cache. */
async function loadMain(args: readonly string[]): Promise<Main> {
  // tsc's copy of this file (dist/bin.js while a build is under way, before the bundler replaces it)
  // runs tsc's modules unbundled.
  if (typeof CODEPIPER_BUNDLES === 'undefined') return (await import('./cli.js')).main;
  const word = commandWord(args);
  const named = word !== undefined && Object.hasOwn(CODEPIPER_BUNDLES.commands, word) ? CODEPIPER_BUNDLES.commands[word] : undefined;
  const bundleFile = named ?? (asksOnlyVersion(args) ? CODEPIPER_BUNDLES.version : CODEPIPER_BUNDLES.all);
  const bundle = runCachedBundle({
    bundlePath: fileURLToPath(new URL(`./cli/${bundleFile}`, import.meta.url)),
    // One cache per bundle name without its hash: a new version of the CLI replaces its caches instead
    // of adding to them.
    cachePath: join(codeCacheDir(), `${bundleFile.replace(/-[A-Za-z0-9]+\.cjs$/, '')}.v8cache`),
    cacheKey: codeCacheKey(bundleFile),
    // The bundle's code runs as if it were this file: paths relative to import.meta.url
    // (../package.json, ./bin.js) and the packages it imports resolve as they do from here.
    importMetaUrl: import.meta.url,
    importModule: (specifier) => import(specifier),
  });
  // On exit rather than after main(): yargs ends the process itself after printing --help or --version.
  process.once('exit', () => bundle.saveCodeCache());
  return bundle.exports.main as Main;
}

const args = process.argv.slice(2);
// A promise chain rather than top-level await: the same code is built as the CommonJS dist/bin.cjs too.
void loadMain(args)
  .then((main) => main(args))
  .then((status) => {
    // Exit once stdout and stderr are flushed, even if a handle (a raw-mode stdin, a socket in its
    // closing handshake) would keep the event loop alive a little longer.
    process.exitCode = status;
    process.stdout.write('', () => process.stderr.write('', () => process.exit(status)));
  });
