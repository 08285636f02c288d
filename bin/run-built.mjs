// Runs one of the project's TypeScript command-line entries: bundles it with esbuild into dist/
// on first use (or when the bundle is missing), then imports it. Keeps `npx mitate …` and
// `npx mitate-platform …` working straight after `npm install`, without a separate build step.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export async function runBuilt(entry, outfile) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const bundle = `${root}${outfile}`;
  if (!existsSync(bundle)) {
    const { build } = await import('esbuild');
    await build({
      entryPoints: [`${root}${entry}`],
      outfile: bundle,
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
