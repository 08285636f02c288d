/**
 * What the platform offers to code outside it: starting the whole server in-process (the app's
 * tests do, to meet a real platform on loopback). Everything else is reached over HTTP, or as a
 * process through the `mitate-platform` command line.
 */
export { startPlatform, type Platform, type PlatformOptions } from './server/index.js';
