// Runs the app's TypeScript command-line entry: bundles it with esbuild into dist/ on first use
// (or when the bundle is missing), then imports it. Keeps `npx mitate …` working straight after
// `npm install`, without a separate build step. (`npx mitate-platform` is the platform
// package's own bin, with its own bundling: platform/bin/mitate-platform.mjs.)
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export async function runBuilt(entry, outfile) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const bundle = `${root}${outfile}`;
  if (!existsSync(bundle)) {
    const { build } = await import('esbuild');
    await build({
      // Split as scripts/build.mjs does: each command loads its own modules only.
      entryPoints: { [basename(outfile, '.js')]: `${root}${entry}` },
      outdir: dirname(bundle),
      splitting: true,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'external',
      sourcemap: 'linked',
      logLevel: 'warning',
    });
  }
  await import(pathToFileURL(bundle).href);
}
