/**
 * De-identification (PS3.15 Annex E): pseudonymizes a study's files into new files and a report.
 * Reading and writing DICOM is main/dicom's one reader and writer.
 */
export {
  pseudonymizeStudy,
  PseudonymizeError,
  type OutputFile,
  type PseudonymizeOptions,
  type PseudonymMapping,
  type PseudonymSink,
  type ReviewImage,
} from './pseudonymizeStudy.js';
export { createPseudonymKeys, type PseudonymKeys } from './pseudonymKeys.js';
export type { DeidOptionKey } from './profileTypes.js';
export { PROFILE_OPTIONS } from './tables/profileTable.js';
export { DeidReportSchema, type DeidReport } from './deidReport.js';
