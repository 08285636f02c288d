// What other folders may use of main/catalog; code outside imports it only from here.
export { createCatalogHandlers } from './catalogHandlers.js';
export type { CatalogSync } from './catalogSync.js';
