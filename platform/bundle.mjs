// Bundles the platform's command line (cli.ts) into one ES module with esbuild, for `npx
// mitate-platform`, the root build and tests that run the platform as a process. Registry
// packages stay external and resolve from node_modules at run time; the workspace's shared
// packages (@mitate/*) are TypeScript sources, bundled in through the paths of tsconfig.json.
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The package's own bundle, which `bin/mitate-platform.mjs` runs. */
export const defaultOutfile = `${here}dist/cli.js`;

export async function bundleCli(
  outfile = defaultOutfile,
  { sourcemap = true, logLevel = 'warning' } = {},
) {
  // Loaded here, not at the top: running an existing bundle needs no esbuild.
  const { build } = await import('esbuild');
  await build({
    entryPoints: [`${here}cli.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: sourcemap ? 'linked' : false,
    logLevel,
  });
  return outfile;
}
