import { inflateRawSync } from 'node:zlib';
import { decodeText } from '@mitate/dicom-charset';
import dicomParser from 'dicom-parser';

/**
 * The attributes the platform indexes, answers QIDO-RS with and names in WADO-RS parts, read from
 * one stored Part 10 object (already in memory: STOW-RS hands over whole bodies). Pixel data is
 * never parsed.
 */
export interface InstanceHeader {
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  transferSyntaxUid: string;
  /** The alphabetic group of Patient's Name, components joined by spaces (as QIDO-RS answers it). */
  patientName: string;
  patientId: string;
  studyDate: string;
  studyTime: string;
  studyDescription: string;
  accessionNumber: string;
  modality: string;
  seriesNumber: number | undefined;
  seriesDescription: string;
  instanceNumber: number | undefined;
  numberOfFrames: number;
  rows: number;
  columns: number;
}

/** Why an object was refused: codes only, never text from the file. */
export type HeaderResult =
  | { kind: 'instance'; header: InstanceHeader }
  | { kind: 'not-dicom' }
  | { kind: 'broken' };

const PIXEL_DATA = 'x7fe00010';
const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';
const DEFLATED_EXPLICIT_LITTLE = '1.2.840.10008.1.2.1.99';
/** A few hundred KB of deflated data can claim gigabytes (a "zip bomb"): inflate no more than this. */
const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

/** dicom-parser's inflater for Deflated Explicit VR Little Endian (PS3.5 §A.5), capped. */
function inflateDataSet(byteArray: Uint8Array, position: number): Uint8Array {
  const inflated = inflateRawSync(byteArray.subarray(position), {
    maxOutputLength: MAX_INFLATED_BYTES,
  });
  const out = new Uint8Array(position + inflated.length);
  out.set(byteArray.subarray(0, position));
  out.set(inflated, position);
  return out;
}

function hasPreamble(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d
  );
}

/** A text value of an ASCII-only VR (UI, CS, DS, IS, DA, TM), without padding. */
function ascii(dataSet: dicomParser.DataSet, tag: string): string {
  return (dataSet.string(tag) ?? '').replace(/\0/g, '').trim();
}

/** A text value in the object's Specific Character Set, without padding (PS3.5 §6.2). */
function text(dataSet: dicomParser.DataSet, tag: string, charset: string | undefined): string {
  const element = dataSet.elements[tag];
  if (element === undefined || element.length === 0) return '';
  const bytes = dataSet.byteArray.subarray(element.dataOffset, element.dataOffset + element.length);
  return decodeText(bytes, charset)
    .replace(/[\s\0]+$/u, '')
    .replace(/^\s+/u, '');
}

function integer(dataSet: dicomParser.DataSet, tag: string): number | undefined {
  const value = Number.parseInt(ascii(dataSet, tag), 10);
  return Number.isFinite(value) ? value : undefined;
}

/** The first value's alphabetic group, family^given^middle^prefix^suffix as readable words (PS3.5 §6.2.1.1). */
function alphabeticName(value: string): string {
  const [first = ''] = value.split('\\');
  const [alphabetic = ''] = first.split('=');
  return alphabetic
    .split('^')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .join(' ');
}

function toHeader(dataSet: dicomParser.DataSet): InstanceHeader | undefined {
  const charset = dataSet.string('x00080005');
  const sopInstanceUid = ascii(dataSet, 'x00080018');
  const studyInstanceUid = ascii(dataSet, 'x0020000d');
  const seriesInstanceUid = ascii(dataSet, 'x0020000e');
  if (sopInstanceUid === '' || studyInstanceUid === '' || seriesInstanceUid === '')
    return undefined;
  return {
    sopClassUid: ascii(dataSet, 'x00080016') || ascii(dataSet, 'x00020002'),
    sopInstanceUid,
    studyInstanceUid,
    seriesInstanceUid,
    transferSyntaxUid: ascii(dataSet, 'x00020010'),
    patientName: alphabeticName(text(dataSet, 'x00100010', charset)),
    patientId: text(dataSet, 'x00100020', charset),
    studyDate: ascii(dataSet, 'x00080020'),
    studyTime: ascii(dataSet, 'x00080030'),
    studyDescription: text(dataSet, 'x00081030', charset),
    accessionNumber: text(dataSet, 'x00080050', charset),
    modality: ascii(dataSet, 'x00080060'),
    seriesNumber: integer(dataSet, 'x00200011'),
    seriesDescription: text(dataSet, 'x0008103e', charset),
    instanceNumber: integer(dataSet, 'x00200013'),
    numberOfFrames: Math.max(1, integer(dataSet, 'x00280008') ?? 1),
    rows: dataSet.uint16('x00280010') ?? 0,
    columns: dataSet.uint16('x00280011') ?? 0,
  };
}

/** A defined-length Pixel Data element that ends after the object does means a cut-off copy. */
function pixelDataRunsPastEnd(dataSet: dicomParser.DataSet, size: number): boolean {
  const element = dataSet.elements[PIXEL_DATA];
  if (element === undefined || element.length === 0xffffffff || element.hadUndefinedLength === true)
    return false;
  return element.dataOffset + element.length > size;
}

/**
 * Reads the header of one Part 10 object. A media directory, an object without its UIDs, a
 * cut-off copy or anything that does not parse is 'broken'; bytes without the DICM preamble are
 * 'not-dicom'.
 */
/**
 * `bytes` may be only the file's beginning (the whole header, up to Pixel Data) when
 * `totalLength` gives the file's real length, so a large instance need not be read whole.
 */
export function readInstanceHeader(
  bytes: Uint8Array,
  totalLength = bytes.byteLength,
): HeaderResult {
  if (!hasPreamble(bytes)) return { kind: 'not-dicom' };
  try {
    const dataSet = dicomParser.parseDicom(bytes, {
      untilTag: PIXEL_DATA,
      inflater: inflateDataSet,
    } as dicomParser.ParseDicomOptions);
    if (ascii(dataSet, 'x00020002') === MEDIA_STORAGE_DIRECTORY) return { kind: 'broken' };
    const deflated = ascii(dataSet, 'x00020010') === DEFLATED_EXPLICIT_LITTLE;
    if (!deflated && pixelDataRunsPastEnd(dataSet, totalLength)) return { kind: 'broken' };
    // An element whose length runs past the end parses, then throws when read: caught below.
    const header = toHeader(dataSet);
    return header === undefined ? { kind: 'broken' } : { kind: 'instance', header };
  } catch {
    return { kind: 'broken' };
  }
}
