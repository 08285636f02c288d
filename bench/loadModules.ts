// The TypeScript modules a benchmark measures, bundled with esbuild into dist/bench/<feature>/
// (one file per entry, named after it) and imported; returns their exports merged. The caller
// names their type (`import type` of the same modules), so the benchmark is checked against them.
import { join } from 'node:path';
import { build } from 'esbuild';
import type * as chromium from '../test/support/chromium.js';
import type * as devHostProcess from '../test/support/devHostProcess.js';

export async function loadModules<Modules>(
  root: string,
  feature: string,
  entries: string[],
  outdir = join(root, 'dist/bench', feature),
): Promise<Modules> {
  await build({
    entryPoints: entries.map((entry) => join(root, entry)),
    outdir,
    entryNames: '[name]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
  });
  const modules: object[] = await Promise.all(
    entries.map(
      (entry) => import(join(outdir, `${entry.split('/').pop()!.replace(/\.ts$/, '')}.js`)),
    ),
  );
  return Object.assign({}, ...modules) as Modules;
}

/**
 * The end-to-end tests' dev host process and Chromium launch options, so that benchmarks start
 * the app exactly as the tests do. Bundled two folders below the root: test/support/paths.ts
 * finds the root as '../..' from where its code is.
 */
export function loadBrowserSupport(root: string): Promise<typeof devHostProcess & typeof chromium> {
  return loadModules(
    root,
    'browser',
    ['test/support/devHostProcess.ts', 'test/support/chromium.ts'],
    join(root, 'dist/bench-browser'),
  );
}
