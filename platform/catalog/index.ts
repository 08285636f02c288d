// What other folders may use of platform/catalog; code outside imports it only from here.
export {
  type CatalogService,
  referenceServices,
  serviceForWorkitemCode,
} from './serviceCatalog.js';
export { catalogRoutes, signCatalog } from './signedCatalog.js';
