// What other folders may use of platform/dicom; code outside imports it only from here.
export { algorithmIdentity } from './algorithmIdentity.js';
export { codes } from './codes.js';
export { decimalString, encodePart10, type NaturalDataset } from './part10.js';
export { readSeries, type SourceSeries } from './readSeries.js';
export { ServiceInputError } from './serviceInputError.js';
export { newUid, uidFromName } from './uid.js';
export { type ReportedFinding, writeMeasurementReport } from './writeMeasurementReport.js';
export { writeSegmentation } from './writeSegmentation.js';
