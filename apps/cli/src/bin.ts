#!/usr/bin/env node
import module from 'node:module';
import { main } from './cli.js';

// Node 22.1+ keeps V8's compiled code between runs for the modules loaded after this line (each
// command's chunks); a no-op on Node 20, which lacks it. Compiling is a large part of a short
// command's start-up (see BENCHMARKS.md, CLI start-up).
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// A reader that went away (`codepiper sessions | head -1`, a dropped ssh connection) is not an error
// worth a stack trace: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const status = await main(process.argv.slice(2));
// Exit once stdout and stderr are flushed, even if a handle (a raw-mode stdin, a socket in its
// closing handshake) would keep the event loop alive a little longer.
process.exitCode = status;
process.stdout.write('', () => process.stderr.write('', () => process.exit(status)));
