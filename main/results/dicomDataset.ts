import { createRequire } from 'node:module';
import { parseDicomFile, type DataElement } from '../dicom/index.js';
import { explicitLittleEndian } from './explicitLittleEndian.js';

/**
 * DICOM Part 10 read and write through dcmjs, as "naturalized" data sets (keywords as keys,
 * sequences as arrays of items). dcmjs has no type declarations; the small surface the review
 * code uses is typed here, in this one file.
 */
export type DicomItem = Record<string, unknown>;

interface DcmjsData {
  DicomMessage: {
    readFile(
      buffer: ArrayBuffer,
      options?: { ignoreErrors?: boolean },
    ): { dict: unknown; meta: unknown };
  };
  DicomMetaDictionary: {
    naturalizeDataset(dict: unknown): DicomItem;
    denaturalizeDataset(dataset: DicomItem): unknown;
    uid(): string;
  };
  DicomDict: new (meta: unknown) => { dict: unknown; write(): ArrayBuffer };
}
/**
 * Required on first use: loading dcmjs (a large bundle that builds its dictionaries) was a tenth
 * of the start-up of everything that imports this module without reading a data set, such as
 * `mitate deid`.
 */
let loaded: { data: DcmjsData } | undefined;
const dcmjs = (): { data: DcmjsData } =>
  (loaded ??= createRequire(import.meta.url)('dcmjs') as { data: DcmjsData });

/**
 * A result file that is not readable DICOM: refused by the one DICOM reader's checks, or by
 * dcmjs (its own messages, or a RangeError from reading past the end). Either becomes this one
 * error, which names no content.
 */
export class ResultFormatError extends Error {
  constructor() {
    super('result file is not readable DICOM');
    this.name = 'ResultFormatError';
  }
}

/** PS3.5 §6.2; implicit-VR elements are given their dictionary VR (or UN) by the reader. */
const KNOWN_VRS = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(
    ' ',
  ),
);

/** Binary VRs whose values are whole multiples of a size (PS3.5 §6.2). */
const VALUE_SIZES: Record<string, number> = {
  AT: 4,
  FD: 8,
  FL: 4,
  OD: 8,
  OF: 4,
  OL: 4,
  OV: 8,
  OW: 2,
  SL: 4,
  SS: 2,
  SV: 8,
  UL: 4,
  US: 2,
  UV: 8,
};

/**
 * What dcmjs misreads on its own: a VR it does not know (sized from whatever follows), or a
 * binary value that is not whole numbers (an FL of 6 bytes): it then reads on out of step and
 * takes text for a length, reserving up to gigabytes. Refused before dcmjs sees the file.
 */
function dcmjsCanRead(elements: readonly DataElement[]): boolean {
  return elements.every((element) => {
    if (!KNOWN_VRS.has(element.vr)) return false;
    const size = VALUE_SIZES[element.vr];
    if (size !== undefined && element.items === undefined && element.length % size !== 0)
      return element.length === 0xffffffff && element.vr === 'OW';
    return (element.items ?? []).every((item) => dcmjsCanRead(item.elements));
  });
}

export function readDataset(bytes: Uint8Array): DicomItem {
  let dataset: DicomItem;
  try {
    // dcmjs allocates what a length claims before it checks the bytes are there (a result file
    // declaring 4 GiB made it reserve 4 GiB), and nests without limit. The one DICOM reader
    // checks every length against the file and caps nesting first, in one linear pass; dcmjs
    // then reads the file as that reader saw it, rewritten (explicitLittleEndian.ts).
    const checked = parseDicomFile(bytes);
    if (!dcmjsCanRead(checked.meta) || !dcmjsCanRead(checked.body)) throw new ResultFormatError();
    const rewritten = explicitLittleEndian(checked);
    if (rewritten === undefined) throw new ResultFormatError();
    const buffer = rewritten.buffer.slice(
      rewritten.byteOffset,
      rewritten.byteOffset + rewritten.byteLength,
    ) as ArrayBuffer;
    const { data } = dcmjs();
    dataset = data.DicomMetaDictionary.naturalizeDataset(
      data.DicomMessage.readFile(buffer, { ignoreErrors: true }).dict,
    );
  } catch {
    throw new ResultFormatError();
  }
  // dcmjs decodes text inside sequence items as Latin-1 whatever the Specific Character Set
  // (0008,0005) says; an SR's content tree is all nested items, so UTF-8 (ISO_IR 192) is redone here.
  return /ISO_IR 192/.test(text(dataset.SpecificCharacterSet))
    ? (redecodeNested(dataset, 0) as DicomItem)
    : dataset;
}

// dcmjs decodes with TextDecoder('latin1'). Node 22 follows the WHATWG Encoding standard, where
// that label is windows-1252: bytes 0x80-0x9F become these characters (Node 20 gave U+0080-U+009F).
const WINDOWS_1252_80_TO_9F = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152,
  0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** The bytes a single-byte decode turned into `value`, or undefined if no such decode makes it. */
function singleByteSource(value: string): Buffer | undefined {
  const bytes = Buffer.alloc(value.length);
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    const high = WINDOWS_1252_80_TO_9F.indexOf(code);
    if (high >= 0) bytes[index] = 0x80 + high;
    else if (code <= 0xff) bytes[index] = code;
    else return undefined;
  }
  return bytes;
}

function redecodeNested(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    if (depth <= 1 || !/[\u0080-\uffff]/.test(value)) return value;
    return singleByteSource(value)?.toString('utf8') ?? value;
  }
  if (Array.isArray(value)) return value.map((entry) => redecodeNested(entry, depth));
  if (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof ArrayBuffer) &&
    !ArrayBuffer.isView(value)
  ) {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [key, redecodeNested(entry, depth + 1)]),
    );
  }
  return value;
}

/** Explicit VR Little Endian Part 10 file of a naturalized data set (PS3.10 §7.1). */
export function writeDataset(dataset: DicomItem, implementationClassUid: string): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs().data;
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: implementationClassUid,
    ImplementationVersionName: 'MITATE_REVIEW',
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}

/** A sequence or a single item as a list (dcmjs gives a one-item sequence as the item itself at times). */
export function items(value: unknown): DicomItem[] {
  if (Array.isArray(value))
    return value.filter((item): item is DicomItem => typeof item === 'object' && item !== null);
  return typeof value === 'object' && value !== null && !(value instanceof ArrayBuffer)
    ? [value as DicomItem]
    : [];
}

export function text(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '' : text(value[0]);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null && 'Alphabetic' in value)
    return String((value as { Alphabetic: unknown }).Alphabetic ?? '');
  return '';
}

export function numbers(value: unknown): number[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.map(Number).filter((n) => Number.isFinite(n));
}
