/**
 * AI results in main: the DICOM SEG and TID 1500 SR objects a service sends back, received and
 * mapped back to the original study through the pseudonym vault, kept in one index per data
 * folder beside the doctor's assessments of them, and read (SEG and SR alike, whether received
 * or imported with a study) for the library's list and the review screen.
 */
export {
  assessmentIndexFor,
  type AssessmentEntry,
  type AssessmentIndex,
} from './assessmentIndex.js';
export { describeResultFile, type ResultDescription } from './describeResult.js';
export { items, numbers, readDataset, text, writeDataset, type DicomItem } from './dicomDataset.js';
export { algorithmOf, readMeasurementReport, type MeasurementReport } from './measurementReport.js';
export {
  InvalidResultError,
  receiveResults,
  type ReceivedResults,
  type ReceiveOptions,
  type SentStudy,
} from './receiveResults.js';
export { reportsBeside, type ReportFile, type StudyFile } from './reportsBeside.js';
export { isResultClass, SEG_CLASS, SR_CLASS_PREFIX } from './resultClasses.js';
export {
  aiResultIndexFor,
  AiResultEntry,
  AiResultRecord,
  type AiResultIndex,
} from './resultIndex.js';
export { ForeignReferenceError } from './resultReferences.js';
export { resultSeriesByStudy } from './resultSeries.js';
export { resultTime } from './resultTime.js';
export { segmentationLabelmap } from './segmentationLabelmap.js';
export { summariseSegmentation, type SegmentationSummary } from './segmentationSummary.js';
