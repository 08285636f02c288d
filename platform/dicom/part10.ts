import { createRequire } from 'node:module';
import { uidFromName } from './uid.js';

/**
 * DICOM Part 10 encoding through dcmjs (explicit VR little endian). dcmjs has no type
 * declarations, so its small surface used here is typed in this one file.
 */
export type DicomValue = string | number | ArrayBuffer | DicomValue[] | NaturalDataset;
export interface NaturalDataset {
  [keyword: string]: DicomValue | undefined | Record<string, string>;
  _vrMap?: Record<string, string>;
}

interface DcmjsData {
  DicomDict: new (meta: unknown) => { dict: unknown; write(): ArrayBuffer };
  DicomMetaDictionary: { denaturalizeDataset(dataset: NaturalDataset): unknown };
}
const require = createRequire(import.meta.url);
const dcmjs = require('dcmjs') as { data: DcmjsData };

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const IMPLEMENTATION_CLASS_UID = uidFromName('mitate-platform implementation');
export const IMPLEMENTATION_VERSION_NAME = 'MITATE_PF_01';

/** Decimal String values may hold at most 16 characters (PS3.5 Table 6.2-1). */
export function decimalString(value: number): string {
  if (Number.isInteger(value)) return String(value);
  for (let digits = 6; digits >= 0; digits--) {
    const text = String(Number(value.toFixed(digits)));
    if (text.length <= 16) return text;
  }
  return String(Math.round(value));
}

export function encodePart10(dataset: NaturalDataset): Uint8Array {
  const sopClass = dataset.SOPClassUID;
  const sopInstance = dataset.SOPInstanceUID;
  if (typeof sopClass !== 'string' || typeof sopInstance !== 'string')
    throw new Error('dataset needs SOPClassUID and SOPInstanceUID');
  const meta: NaturalDataset = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClass,
    MediaStorageSOPInstanceUID: sopInstance,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}
