// Builds everything the app and the dev host run from: dist/renderer (Vite), dist/main and
// dist/preload (the Electron shell), dist/devhost (dev host and its browser bridge).
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import { bundleCli as bundlePlatformCli } from 'mitate-platform/bundle';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const quiet = process.argv.includes('--quiet');

await rm(`${root}/dist`, { recursive: true, force: true });

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
};
await Promise.all([
  esbuild({
    ...node,
    entryPoints: [`${root}/main/electron/main.ts`],
    outfile: `${root}/dist/main/electron.js`,
    format: 'esm',
    external: ['electron'],
  }),
  // Sandboxed preloads cannot load ES modules or node_modules: one CommonJS file.
  esbuild({
    ...node,
    packages: undefined,
    entryPoints: [`${root}/preload/index.ts`],
    outfile: `${root}/dist/preload/index.cjs`,
    format: 'cjs',
    external: ['electron'],
    platform: 'browser',
    target: 'chrome140',
  }),
  esbuild({
    ...node,
    entryPoints: [`${root}/devhost/cli.ts`],
    outfile: `${root}/dist/devhost/cli.js`,
    format: 'esm',
  }),
  esbuild({
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    entryPoints: [`${root}/devhost/browserBridge.ts`],
    outfile: `${root}/dist/devhost/bridge.js`,
    logLevel: 'warning',
  }),
  // The import benchmark calls these modules directly, without a dev host around them.
  esbuild({
    ...node,
    entryPoints: [`${root}/main/library/importStudies.ts`, `${root}/main/library/studyLibrary.ts`],
    outdir: `${root}/dist/bench`,
    format: 'esm',
  }),
  // Command lines: `npx mitate …` (main/cli) and `npx mitate-platform …` (the reference platform,
  // whose package bundles itself: its own copy, renewed here so `npx` never runs a stale one, and
  // the copy in dist/ that `npm start`, the end-to-end tests and the benchmarks run).
  // Split at each command's dynamic import, so a command loads its own modules and packages
  // only (one bundle evaluated every package any command imports, before the first argument).
  esbuild({
    ...node,
    entryPoints: { mitate: `${root}/main/cli/index.ts` },
    outdir: `${root}/dist/cli`,
    splitting: true,
    format: 'esm',
  }),
  bundlePlatformCli(),
  bundlePlatformCli(`${root}/dist/platform/cli.js`),
  vite({ configFile: `${root}/vite.config.ts`, logLevel: quiet ? 'error' : 'info' }),
]);
