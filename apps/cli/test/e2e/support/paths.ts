import { fileURLToPath } from 'node:url';

/** apps/cli, from this file's place in apps/cli/test/e2e/support. */
export const CLI_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The built CLI the tests run, exactly as users run it. */
export const CLI_BIN = fileURLToPath(new URL('../../../dist/bin.cjs', import.meta.url));
