// The TypeScript modules a benchmark measures, bundled with esbuild into dist/bench/<feature>/
// (one file per entry, named after it) and imported; returns their exports merged.
import { join } from 'node:path';
import { build } from 'esbuild';

export async function loadModules(root, feature, entries, outdir = join(root, 'dist/bench', feature)) {
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
  const modules = await Promise.all(entries.map((entry) => import(join(outdir, `${entry.split('/').pop().replace(/\.ts$/, '')}.js`))));
  return Object.assign({}, ...modules);
}

/**
 * The end-to-end tests' dev host process and Chromium launch options, so that benchmarks start
 * the app exactly as the tests do. Bundled two folders below the root: test/support/paths.ts
 * finds the root as '../..' from where its code is.
 */
export function loadBrowserSupport(root) {
  return loadModules(root, 'browser', ['test/support/devHostProcess.ts', 'test/support/chromium.ts'], join(root, 'dist/bench-browser'));
}
