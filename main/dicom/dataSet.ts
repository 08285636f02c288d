/**
 * The data set model of Mitate's one DICOM reader: every element remembers where its bytes are
 * in the file (PS3.5 §7), so de-identification can copy untouched elements byte for byte, and the
 * library can read a value without a second parse. Parsing lives in parseElements.ts (elements,
 * sequences, fragments) and parseDicomFile.ts (Part 10 file, meta group, deflate).
 */

export interface Syntax {
  explicitVr: boolean;
  littleEndian: boolean;
}

export interface DataElement {
  tag: number;
  vr: string;
  /** The buffer the offsets refer to (the inflated body for deflated files). */
  bytes: Uint8Array;
  syntax: Syntax;
  start: number;
  valueStart: number;
  /** 0xFFFFFFFF when undefined. */
  length: number;
  end: number;
  items?: DataItem[];
  /** Encapsulated pixel data fragments (PS3.5 A.4): value ranges, the first being the offset table. */
  fragments?: { start: number; end: number }[];
}

export interface DataItem {
  elements: DataElement[];
  undefinedLength: boolean;
  syntax: Syntax;
}

/** The header of the element a parse stopped at (its value was not read, and may lie past the buffer). */
export interface StoppedElement {
  tag: number;
  vr: string;
  valueStart: number;
  length: number;
}

export interface DicomFile {
  /** File Meta Information elements (group 0002), explicit VR little endian (PS3.10 §7.1). */
  meta: DataElement[];
  transferSyntaxUid: string;
  body: DataElement[];
  bodySyntax: Syntax;
  deflated: boolean;
  /** Set when the parse was asked to stop (`until`) and met a top-level element at or past that tag. */
  stoppedAt?: StoppedElement;
}

export const UNDEFINED = 0xffffffff;
export const ITEM = 0xfffee000;
export const ITEM_END = 0xfffee00d;
export const SEQUENCE_END = 0xfffee0dd;
export const PIXEL_DATA = 0x7fe00010;
/** VRs with a 2-byte reserved field and 4-byte length in explicit VR (PS3.5 Table 7.1-1). */
export const LONG_VRS = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'UC',
  'UN',
  'UR',
  'UT',
  'SV',
  'UV',
]);

export const IMPLICIT_LE: Syntax = { explicitVr: false, littleEndian: true };
export const EXPLICIT_LE: Syntax = { explicitVr: true, littleEndian: true };

/**
 * What is wrong with the input, as a code callers can branch on (never text from the file):
 * `truncated` when a read would pass the end of the bytes (a first chunk of a longer file gives
 * this), `too-deep` and `too-large` when a limit of the reader was hit.
 */
export type DicomFormatProblem = 'not-dicom' | 'truncated' | 'malformed' | 'too-deep' | 'too-large';

export class DicomFormatError extends Error {
  constructor(
    readonly reason: string,
    readonly problem: DicomFormatProblem = 'malformed',
  ) {
    super(reason);
    this.name = 'DicomFormatError';
  }
}

export function valueOf(element: DataElement): Uint8Array {
  return element.bytes.subarray(
    element.valueStart,
    element.valueStart + (element.length === UNDEFINED ? 0 : element.length),
  );
}

/** Text value without trailing padding (space or NUL, PS3.5 §6.2). Bytes as Latin-1; callers needing a character set decode themselves. */
export function textOf(element: DataElement): string {
  const { bytes } = element;
  // Clamped like `valueOf`'s subarray, so a damaged length can never make this throw.
  const start = Math.min(element.valueStart, bytes.length);
  let end = Math.min(start + (element.length === UNDEFINED ? 0 : element.length), bytes.length);
  while (end > start && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0)) end--;
  // A view, not a copy: this runs for most elements of every instance.
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

/** The first 16-bit unsigned value (US), in the element's byte order; undefined when shorter than two bytes. */
export function uint16Of(element: DataElement): number | undefined {
  if (
    element.length === UNDEFINED ||
    element.length < 2 ||
    element.valueStart + 2 > element.bytes.length
  )
    return undefined;
  const { bytes, valueStart } = element;
  return element.syntax.littleEndian
    ? bytes[valueStart]! | (bytes[valueStart + 1]! << 8)
    : (bytes[valueStart]! << 8) | bytes[valueStart + 1]!;
}

export function findElement(
  elements: readonly DataElement[],
  tag: number,
): DataElement | undefined {
  return elements.find((element) => element.tag === tag);
}

export function tagHex(tag: number): string {
  return tag.toString(16).toUpperCase().padStart(8, '0');
}
