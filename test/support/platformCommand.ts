import { createRequire } from 'node:module';

/**
 * The platform as a command line, the way a user of the app runs it (`npx mitate-platform`):
 * through the workspace package's exports, never a path into platform/. With
 * testPlatform.ts, the only files of the app's tests that reach the platform package.
 */
export { bundleCli as bundlePlatformCli } from 'mitate-platform/bundle';

/** The package's bin (bundles itself on first use). */
export const platformCommand = createRequire(import.meta.url).resolve('mitate-platform/bin');
