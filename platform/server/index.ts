// What other folders may use of platform/server; code outside imports it only from here.
export { type Platform, type PlatformOptions, startPlatform } from './startPlatform.js';
