/**
 * Reading what the network sends, with limits: one bounded body reader for every answer from the
 * platform (DICOMweb, the catalog, login), and its typed error.
 */
export {
  isResponseTooLarge,
  readBoundedBody,
  readBoundedText,
  ResponseTooLargeError,
  type ResponseKind,
} from './boundedBody.js';
export { boundedFetch } from './boundedFetch.js';

/** Limits per use: a catalog is a few kilobytes, login and DICOMweb JSON answers a few. */
export const RESPONSE_LIMITS = {
  catalog: 4 * 1024 * 1024,
  json: 8 * 1024 * 1024,
  login: 1024 * 1024,
  /** All result objects of one job together (WADO-RS), counted as they stream in. */
  resultsPerJob: 2 * 1024 * 1024 * 1024,
} as const;
