// What the shells (Electron, dev host) and the main-process features use of the host: its
// services, the shape of a feature's handlers, the page it serves. Code outside main/host imports
// it only from here.
export { createHostHandlers } from './hostHandlers.js';
export { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy.js';
export type { Feature, FeatureHandlers, Handler, Handlers } from './featureHandlers.js';
export { platformUrlOf, type HostServices } from './hostServices.js';
export { PathGrants } from './pathGrants.js';
export { resolveRendererFile } from './rendererFiles.js';
