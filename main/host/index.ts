// What other folders may use of main/host; code outside imports it only from here.
export { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy.js';
export { resolveRendererFile } from './rendererFiles.js';
