/**
 * A parsed DICOM data set that remembers where every element's bytes are in the file, so the
 * writer can copy untouched elements byte for byte (PS3.5 §7). Handles explicit and implicit VR,
 * little and big endian, deflated data sets (PS3.5 A.5), undefined-length sequences and items
 * (§7.5), UN elements holding implicit-VR sequences (§6.2.2), and encapsulated pixel data (A.4).
 */
import { inflateRawSync } from 'node:zlib';
import { vrOfTag } from './dataDictionary.js';

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

export const UNDEFINED = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
export const PIXEL_DATA = 0x7fe00010;
/** VRs with a 2-byte reserved field and 4-byte length in explicit VR (PS3.5 Table 7.1-1). */
export const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'SV', 'UV']);

export class DicomFormatError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'DicomFormatError';
  }
}

export const IMPLICIT_LE: Syntax = { explicitVr: false, littleEndian: true };
export const EXPLICIT_LE: Syntax = { explicitVr: true, littleEndian: true };

/**
 * The VR of an explicit VR header from its two bytes, as one shared string, and whether it has the
 * long form: a table instead of a new string, a set lookup and a pattern test per element.
 */
const VR_BY_CODE: (string | undefined)[] = [];
const LONG_VR_CODES = new Uint8Array(65536);
for (let first = 0x41; first <= 0x5a; first++) {
  for (let second = 0x41; second <= 0x5a; second++) {
    const vr = String.fromCharCode(first, second);
    VR_BY_CODE[(first << 8) | second] = vr;
    if (LONG_VRS.has(vr)) LONG_VR_CODES[(first << 8) | second] = 1;
  }
}

function readTag(view: DataView, offset: number, little: boolean): number {
  return ((view.getUint16(offset, little) << 16) | view.getUint16(offset + 2, little)) >>> 0;
}

/** Parses elements from `offset` to `end`, or up to an item/sequence delimiter when `delimited`. */
export function parseElements(bytes: Uint8Array, offset: number, end: number, syntax: Syntax): { elements: DataElement[]; next: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = syntax.littleEndian;
  const elements: DataElement[] = [];
  while (offset < end) {
    if (offset + 8 > end) throw new DicomFormatError('truncated element header');
    const start = offset;
    const tag = readTag(view, offset, little);
    if (tag === ITEM_END || tag === SEQUENCE_END) return { elements, next: offset + 8 };
    let vr: string;
    let length: number;
    if (syntax.explicitVr) {
      const code = (bytes[offset + 4]! << 8) | bytes[offset + 5]!;
      const known = VR_BY_CODE[code];
      if (known === undefined) throw new DicomFormatError('bad VR');
      vr = known;
      if (LONG_VR_CODES[code] === 1) {
        length = view.getUint32(offset + 8, little);
        offset += 12;
      } else {
        length = view.getUint16(offset + 6, little);
        offset += 8;
      }
    } else {
      vr = vrOfTag(tag) ?? 'UN';
      length = view.getUint32(offset + 4, little);
      offset += 8;
    }
    const element: DataElement = { tag, vr, bytes, syntax, start, valueStart: offset, length, end: 0 };
    if (tag === PIXEL_DATA && length === UNDEFINED) {
      element.fragments = [];
      for (;;) {
        if (offset + 8 > end) throw new DicomFormatError('truncated pixel data fragment');
        const fragmentTag = readTag(view, offset, little);
        const fragmentLength = view.getUint32(offset + 4, little);
        offset += 8;
        if (fragmentTag === SEQUENCE_END) break;
        if (fragmentTag !== ITEM) throw new DicomFormatError('bad pixel data fragment');
        element.fragments.push({ start: offset, end: offset + fragmentLength });
        offset += fragmentLength;
      }
    } else if (vr === 'SQ' || (length === UNDEFINED && (vr === 'UN' || !syntax.explicitVr)) || (vr === 'UN' && vrOfTag(tag) === 'SQ') || looksLikeSequence(view, element, end)) {
      // A UN element holding a sequence (undefined length, a dictionary SQ, or items found in it)
      // is encoded as implicit VR little endian inside (PS3.5 §6.2.2).
      const itemSyntax = vr === 'SQ' || (!syntax.explicitVr && vr !== 'UN') ? syntax : syntax.explicitVr ? IMPLICIT_LE : syntax;
      const parsed = parseItems(bytes, offset, length === UNDEFINED ? end : offset + length, length === UNDEFINED, itemSyntax);
      element.items = parsed.items;
      element.vr = vr === 'UN' && syntax.explicitVr ? 'UN' : 'SQ';
      offset = parsed.next;
    } else {
      if (length === UNDEFINED) throw new DicomFormatError('undefined length on a non-sequence');
      offset += length;
      if (offset > end) throw new DicomFormatError('element runs past the end');
    }
    element.end = offset;
    elements.push(element);
  }
  return { elements, next: offset };
}

/** Implicit VR private or unknown elements may hold a sequence: recognised by their first item tag. */
function looksLikeSequence(view: DataView, element: DataElement, end: number): boolean {
  if (element.vr !== 'UN' || element.length < 8 || element.length === UNDEFINED || element.valueStart + element.length > end) return false;
  // Inside a UN value the encoding is implicit VR little endian (PS3.5 §6.2.2).
  const inner = element.syntax.explicitVr ? IMPLICIT_LE : element.syntax;
  if (readTag(view, element.valueStart, inner.littleEndian) !== ITEM) return false;
  const itemLength = view.getUint32(element.valueStart + 4, inner.littleEndian);
  if (itemLength !== UNDEFINED && itemLength > element.length - 8) return false;
  try {
    parseItems(element.bytes, element.valueStart, element.valueStart + element.length, false, inner);
    return true;
  } catch {
    return false;
  }
}

function parseItems(bytes: Uint8Array, offset: number, end: number, delimited: boolean, syntax: Syntax): { items: DataItem[]; next: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = syntax.littleEndian;
  const items: DataItem[] = [];
  while (offset < end) {
    const tag = readTag(view, offset, little);
    const length = view.getUint32(offset + 4, little);
    offset += 8;
    if (tag === SEQUENCE_END) return { items, next: offset };
    if (tag !== ITEM) throw new DicomFormatError('bad item tag');
    if (length === UNDEFINED) {
      const parsed = parseElements(bytes, offset, end, syntax);
      items.push({ elements: parsed.elements, undefinedLength: true, syntax });
      offset = parsed.next;
    } else {
      const parsed = parseElements(bytes, offset, offset + length, syntax);
      items.push({ elements: parsed.elements, undefinedLength: false, syntax });
      offset += length;
    }
  }
  if (delimited) throw new DicomFormatError('sequence without delimiter');
  return { items, next: offset };
}

export interface DicomFile {
  /** File Meta Information elements (group 0002), explicit VR little endian (PS3.10 §7.1). */
  meta: DataElement[];
  transferSyntaxUid: string;
  body: DataElement[];
  bodySyntax: Syntax;
  deflated: boolean;
}

const DEFLATED = '1.2.840.10008.1.2.1.99';
const BIG_ENDIAN = '1.2.840.10008.1.2.2';
const IMPLICIT = '1.2.840.10008.1.2';

export function syntaxOf(transferSyntaxUid: string): Syntax {
  if (transferSyntaxUid === IMPLICIT) return IMPLICIT_LE;
  if (transferSyntaxUid === BIG_ENDIAN) return { explicitVr: true, littleEndian: false };
  return EXPLICIT_LE;
}

/** Parses a Part 10 file (PS3.10 §7.1): preamble, "DICM", meta group, then the data set. */
export function parseDicomFile(bytes: Uint8Array): DicomFile {
  try {
    return parsePart10(bytes);
  } catch (error) {
    // Truncated or garbled input surfaces as a DataView RangeError: the same "unreadable" to callers.
    if (error instanceof RangeError) throw new DicomFormatError('truncated');
    throw error;
  }
}

/** A data set written without preamble and meta (PS3.10 §7.1 allows none off media; old tools did this): implicit VR little endian starting at group 0008. */
function looksLikeBareDataSet(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const group = view.getUint16(0, true);
  return group === 0x0008 && view.getUint16(2, true) < 0x0100 && !/^[A-Z]{2}$/.test(String.fromCharCode(bytes[4]!, bytes[5]!));
}

function parsePart10(bytes: Uint8Array): DicomFile {
  const part10 = bytes.length >= 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM';
  if (!part10) {
    if (!looksLikeBareDataSet(bytes)) throw new DicomFormatError('not a DICOM Part 10 file');
    return { meta: [], transferSyntaxUid: IMPLICIT, body: parseElements(bytes, 0, bytes.length, IMPLICIT_LE).elements, bodySyntax: IMPLICIT_LE, deflated: false };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 132;
  const meta: DataElement[] = [];
  while (offset + 8 <= bytes.length && view.getUint16(offset, true) === 0x0002) {
    const one = parseOne(bytes, offset);
    meta.push(one);
    offset = one.end;
  }
  const tsElement = meta.find((element) => element.tag === 0x00020010);
  if (tsElement === undefined) throw new DicomFormatError('no transfer syntax');
  const transferSyntaxUid = textOf(tsElement);
  if (transferSyntaxUid === DEFLATED) {
    let inflated: Uint8Array;
    try {
      inflated = new Uint8Array(inflateRawSync(bytes.subarray(offset)));
    } catch {
      throw new DicomFormatError('bad deflate stream');
    }
    return { meta, transferSyntaxUid, body: parseElements(inflated, 0, inflated.length, EXPLICIT_LE).elements, bodySyntax: EXPLICIT_LE, deflated: true };
  }
  const bodySyntax = syntaxOf(transferSyntaxUid);
  return { meta, transferSyntaxUid, body: parseElements(bytes, offset, bytes.length, bodySyntax).elements, bodySyntax, deflated: false };
}

function parseOne(bytes: Uint8Array, offset: number): DataElement {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vr = String.fromCharCode(bytes[offset + 4]!, bytes[offset + 5]!);
  const long = LONG_VRS.has(vr);
  const length = long ? view.getUint32(offset + 8, true) : view.getUint16(offset + 6, true);
  const valueStart = offset + (long ? 12 : 8);
  if (valueStart + length > bytes.length) throw new DicomFormatError('truncated meta element');
  return { tag: readTag(view, offset, true), vr, bytes, syntax: EXPLICIT_LE, start: offset, valueStart, length, end: valueStart + length };
}

export function valueOf(element: DataElement): Uint8Array {
  return element.bytes.subarray(element.valueStart, element.valueStart + (element.length === UNDEFINED ? 0 : element.length));
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

export function findElement(elements: readonly DataElement[], tag: number): DataElement | undefined {
  return elements.find((element) => element.tag === tag);
}

export function tagHex(tag: number): string {
  return tag.toString(16).toUpperCase().padStart(8, '0');
}
