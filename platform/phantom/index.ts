// What other folders may use of platform/phantom; code outside imports it only from here.
export { generatePhantom } from './generatePhantom.js';
