// What other folders may use of platform/state; code outside imports it only from here.
export { loadPlatformKeys, type PlatformKeys, publicJwk } from './platformKeys.js';
