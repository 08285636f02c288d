// Lint rules, including the layering of docs/ARCHITECTURE.md: the renderer is a web page (no Node, no
// electron, nothing from main/ or platform/); only the Electron shell imports electron; nothing
// in the app imports platform/, which is reached over HTTP only.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import walls from './eslint.walls.js';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'stream',
  'zlib',
  'util',
  'worker_threads',
  'readline',
];
const platformImport = {
  group: ['**/platform/**', '**/platform', 'mitate-platform', 'mitate-platform/*'],
  message: 'The app reaches the platform over HTTP only.',
};
const electronImport = {
  name: 'electron',
  message: 'Only main/electron/ and preload/index.ts import electron.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'test-results/',
      'scratch/',
      'playwright-report/',
      'test/data/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-imports': ['error', { paths: [electronImport], patterns: [platformImport] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronImport,
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'The renderer is a sandboxed web page.',
            })),
          ],
          patterns: [
            platformImport,
            { group: ['node:*'], message: 'The renderer is a sandboxed web page.' },
            {
              group: ['**/main/**', '**/devhost/**'],
              message: 'The renderer talks to main only through window.mitate.',
            },
            {
              group: ['**/preload/*', '!**/preload/contract'],
              message: 'The renderer may import preload/contract/ only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/electron/**/*.ts', 'preload/index.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [platformImport] }] },
  },
  {
    files: ['**/*.{js,mjs}'],
    // Scripts run in Node; the benchmark also hands functions to the page.
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  ...walls,
  {
    // The app's tests reach the platform package here only: in-process, or as its command line.
    files: ['test/support/testPlatform.ts', 'test/support/platformCommand.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronImport] }] },
  },
  // The platform package's own bundle and install folder (`npx mitate-platform` writes dist/).
  { ignores: ['platform/dist/', 'platform/node_modules/'] },
  {
    // The platform is its own workspace package: it imports nothing of the app's programs
    // (shared code lives in packages/ and is imported by package name).
    files: ['platform/**/*.{ts,mts,js,mjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport],
          patterns: [
            {
              group: [
                '**/main/**',
                '**/renderer/**',
                '**/preload/**',
                '**/devhost/**',
                'mitate',
                'mitate/*',
              ],
              message:
                'The platform imports nothing from the app (main, renderer, preload, devhost).',
            },
          ],
        },
      ],
    },
  },
);
