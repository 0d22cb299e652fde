import { defineConfig } from 'vitest/config';

// Unit tests live beside the code; cross-process end-to-end tests live in each app's test/e2e/ and run
// one file at a time (they start real daemons, ptys and sshd, and this machine has two cores).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**', 'apps/web/**'],
          testTimeout: 20_000,
          hookTimeout: 20_000,
        },
      },
      {
        // The dashboard's pure modules (WebSocket client, stream assembly, prompt history, key mapping):
        // plain TypeScript with the browser edge passed in, so they run in Node without a DOM.
        test: {
          name: 'web',
          include: ['apps/web/src/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/build/**', '**/.svelte-kit/**'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['apps/*/test/e2e/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
