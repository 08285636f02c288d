// The walls between the programs and between feature folders (docs/ARCHITECTURE.md), checked on
// resolved paths by eslint-plugin-boundaries. Circles between files and folders are
// checked by scripts/importCycles.mjs, which ESLint cannot see file by file.
import boundaries from 'eslint-plugin-boundaries';

/** A folder from the root of the repository; the first that holds a file names its element. */
const folder = (type, pattern, capture) => ({
  type,
  pattern,
  partialMatch: false,
  stopMatching: true,
  ...(capture === undefined ? {} : { capture }),
});

const elements = [
  folder('preload', 'preload'),
  folder('main-electron', 'main/electron'),
  folder('main-feature', 'main/*', ['feature']),
  folder('main', 'main'),
  folder('platform-feature', 'platform/*', ['feature']),
  folder('platform', 'platform'),
  folder('renderer', 'renderer'),
  folder('devhost', 'devhost'),
];

const anyOf = (...types) => ({ element: { types: { anyOf: types } } });
const mainTypes = ['main', 'main-feature', 'main-electron'];
const platformTypes = ['platform', 'platform-feature'];
const electron = { module: { origin: 'external', source: 'electron' } };
const contract = {
  element: { type: 'preload' },
  file: { path: ['preload/contract/**'] },
};

/**
 * The last policy that matches a dependency decides, so each wall is "disallow" and then its
 * exceptions, and the walls between programs come after the folder convention to name the
 * bigger fault.
 */
const policies = [
  {
    // The folder convention: a feature folder is entered through its index.ts only.
    disallow: {
      to: {
        element: {
          types: { anyOf: ['main-feature', 'platform-feature'] },
          fileInternalPath: '!index.ts',
        },
      },
    },
    message: 'Import a feature folder through its index.ts.',
  },
  { allow: { dependency: { relationship: { to: 'internal' } } } },
  {
    from: anyOf('renderer'),
    disallow: {
      to: [
        anyOf(...mainTypes, ...platformTypes, 'preload', 'devhost'),
        { module: { origin: 'core' } },
        electron,
      ],
    },
    message:
      'The renderer is a sandboxed web page: it may import only preload/contract and its own code.',
  },
  { from: anyOf('renderer'), allow: { to: contract } },
  {
    from: anyOf(...mainTypes),
    disallow: { to: anyOf('renderer', ...platformTypes, 'devhost') },
    message: 'main/ never imports the renderer, the platform or the dev host.',
  },
  {
    from: anyOf(...platformTypes),
    disallow: { to: anyOf(...mainTypes, 'renderer', 'preload', 'devhost') },
    message:
      'The platform is a separate program: it never imports main/, renderer/, preload/ or devhost/.',
  },
  {
    from: anyOf('main', 'main-feature', 'renderer', 'devhost', ...platformTypes, 'preload'),
    disallow: { to: electron },
    message: 'Only main/electron/ and preload/index.ts import electron.',
  },
  { from: { file: { path: 'preload/index.ts' } }, allow: { to: electron } },
];

export default [
  {
    files: [
      'main/**/*.ts',
      'renderer/**/*.{ts,tsx}',
      'platform/**/*.ts',
      'devhost/**/*.ts',
      'preload/**/*.ts',
    ],
    // The platform's tests may reach inside its folders; the platform block of eslint.config.js
    // still keeps them off the app's programs.
    ignores: ['platform/test/**'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'boundaries/include': ['main/**', 'renderer/**', 'platform/**', 'devhost/**', 'preload/**'],
      'import/resolver': { typescript: { project: 'tsconfig.json' } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'allow', checkAllOrigins: true, policies }],
    },
  },
];
