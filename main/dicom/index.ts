/**
 * Reading and writing DICOM in main: one reader (parseDicomFile) that keeps every element's byte
 * range, shared by library indexing (readHeader, readSliceMetadata) and de-identification; the
 * writer that copies untouched elements byte for byte; Mitate's UIDs.
 */
export {
  DicomFormatError,
  EXPLICIT_LE,
  IMPLICIT_LE,
  PIXEL_DATA,
  UNDEFINED,
  findElement,
  tagHex,
  textOf,
  uint16Of,
  valueOf,
  type DataElement,
  type DataItem,
  type DicomFile,
  type DicomFormatProblem,
  type StoppedElement,
  type Syntax,
} from './dataSet.js';
export { MAX_SEQUENCE_DEPTH } from './parseElements.js';
export {
  MAX_INFLATED_BYTES,
  parseDicomFile,
  readFileMeta,
  syntaxOf,
  type FileMeta,
  type ReadOptions,
} from './parseDicomFile.js';
export {
  encodeDicomFile,
  encodeElements,
  encodeText,
  tagOf,
  type OutElement,
  type OutItem,
} from './dataSetWriter.js';
export { isKnownPublicTag, vrOfTag } from './dataDictionary.js';
export {
  IMPLEMENTATION_CLASS_UID,
  IMPLEMENTATION_VERSION_NAME,
  newUid,
  uidFromBytes,
} from './uid.js';
export {
  characterSpans,
  decodeText,
  isMultiByteCharacterSet,
  splitValues,
  type CharacterSpans,
} from './characterSet.js';
export { parsePersonName, type PersonName } from './personName.js';
export {
  readHeader,
  type BrokenReason,
  type HeaderResult,
  type InstanceHeader,
} from './readHeader.js';
export { readSliceMetadata } from './readSliceMetadata.js';
export { renderThumbnail, type Thumbnail } from './seriesThumbnail.js';
export { readDicomdirReferences } from './dicomdirReferences.js';
export { DicomUid, isDicomUid } from './uidGrammar.js';
