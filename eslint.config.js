// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** The layer is the folder: these rules make a breach fail CI. */
const noNodeImports = {
  paths: nodeBuiltins.map((name) => ({ name, message: 'This layer runs in the browser too: no Node built-ins.' })),
  patterns: [{ group: ['node:*'], message: 'This layer runs in the browser too: no Node built-ins.' }],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/build/**', '**/.tmp/**', '**/.svelte-kit/**', '**/node_modules/**', '.tools/**', 'apps/web/**/*.svelte'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // Tests poke at raw JSON answers; typing every level would only restate the schemas under test.
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js', 'scripts/**', 'bench/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', setImmediate: 'readonly', clearTimeout: 'readonly', URL: 'readonly', performance: 'readonly' } },
  },
  {
    // protocol is isomorphic: neither Node nor the DOM.
    files: ['packages/protocol/src/**'],
    rules: {
      'no-restricted-imports': ['error', noNodeImports],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', 'window', 'document', 'navigator', 'localStorage', '__dirname'],
    },
  },
  {
    // web is browser-only and talks to the daemon only through the protocol.
    files: ['apps/web/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noNodeImports,
          patterns: [
            ...noNodeImports.patterns,
            { group: ['@codepiper/core', '@codepiper/core/*', '@codepiper/daemon', '@codepiper/cli'], message: 'The web app reaches the daemon only through @codepiper/protocol.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    // core sits below the apps.
    files: ['packages/core/src/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@codepiper/daemon', '@codepiper/cli', '@codepiper/web'], message: 'core must not depend on the apps.' }] }],
    },
  },
);
