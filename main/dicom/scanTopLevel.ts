/**
 * The library's header scan (PS3.5 §7): walks the top level of a data set from element header to
 * element header, keeps the values of the tags it is asked for, and jumps over everything else
 * (sequences and private blocks of defined length, icons, functional groups) without reading it,
 * up to the header of Pixel Data. Indexing needs a few dozen values; parsing every nested item
 * into objects, and reading the bytes of what is skipped, was most of the cost of an import.
 *
 * It works on a window of the file. When the next element header, a wanted value or an
 * undefined-length sequence lies outside the window, it returns the bytes it needs from the
 * file, and the caller calls again with a window that holds them, from the same offset.
 */
import {
  DicomFormatError,
  ITEM,
  ITEM_END,
  PIXEL_DATA,
  SEQUENCE_END,
  UNDEFINED,
  type DataElement,
  type Syntax,
  IMPLICIT_LE,
} from './dataSet.js';
import { MAX_SEQUENCE_DEPTH, VR_BY_CODE, LONG_VR_CODES } from './parseElements.js';
import { vrOfTag } from './dataDictionary.js';

export interface ScanWindow {
  bytes: Uint8Array;
  /** File offset of bytes[0]. */
  start: number;
  /** Size of the whole file (or data set): nothing may run past it. */
  fileSize: number;
}

export type ScanStep =
  /** Reached Pixel Data's header (its value not read), or the end of the data set without it. */
  | { kind: 'done'; pixelData?: { valueStart: number; length: number } }
  /** Call again with a window holding [offset, offset + length) of the file. */
  | { kind: 'need'; offset: number; length: number };

interface Header {
  tag: number;
  vr: string;
  length: number;
  /** Bytes of the element header. */
  size: number;
}

function truncated(what: string): DicomFormatError {
  return new DicomFormatError(what, 'truncated');
}

/** The element header at `at` (window-relative); undefined when it is not whole in the window. */
function headerAt(
  bytes: Uint8Array,
  view: DataView,
  at: number,
  syntax: Syntax,
): Header | undefined {
  if (at + 8 > bytes.length) return undefined;
  const little = syntax.littleEndian;
  const tag = ((view.getUint16(at, little) << 16) | view.getUint16(at + 2, little)) >>> 0;
  // Item and delimiter headers are a tag and a 4-byte length in every syntax (PS3.5 §7.5).
  if (!syntax.explicitVr || tag === ITEM || tag === ITEM_END || tag === SEQUENCE_END)
    return { tag, vr: vrOfTag(tag) ?? 'UN', length: view.getUint32(at + 4, little), size: 8 };
  const code = (bytes[at + 4]! << 8) | bytes[at + 5]!;
  const vr = VR_BY_CODE[code];
  if (vr === undefined) throw new DicomFormatError('bad VR');
  if (LONG_VR_CODES[code] !== 1)
    return { tag, vr, length: view.getUint16(at + 6, little), size: 8 };
  if (at + 12 > bytes.length) return undefined;
  return { tag, vr, length: view.getUint32(at + 8, little), size: 12 };
}

/**
 * From `offset` (a file offset at an element boundary), collects the top-level elements whose
 * tags `wanted` holds into `found` (values copied: the window is reused) until Pixel Data.
 */
export function scanTopLevel(
  window: ScanWindow,
  offset: number,
  syntax: Syntax,
  wanted: ReadonlySet<number>,
  found: DataElement[],
): ScanStep & { offset: number } {
  const { bytes, start, fileSize } = window;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (;;) {
    if (offset >= fileSize) return { kind: 'done', offset };
    if (offset + 8 > fileSize) throw truncated('truncated element header');
    const at = offset - start;
    const header = at >= 0 ? headerAt(bytes, view, at, syntax) : undefined;
    if (header === undefined) return { kind: 'need', offset, length: 12 };
    const { tag, vr, length } = header;
    const valueStart = offset + header.size;
    if (tag >= PIXEL_DATA) {
      return tag === PIXEL_DATA
        ? { kind: 'done', pixelData: { valueStart, length }, offset }
        : { kind: 'done', offset };
    }
    if (length === UNDEFINED) {
      const isSequence = vr === 'SQ' || vr === 'UN' || !syntax.explicitVr;
      if (!isSequence) throw new DicomFormatError('undefined length on a non-sequence');
      const inner = vr === 'UN' && syntax.explicitVr ? IMPLICIT_LE : syntax;
      const end = skipItems(bytes, view, at + header.size, inner, 1);
      // The sequence ends past the window: ask for a window twice as long from its start.
      if (end === undefined)
        return { kind: 'need', offset, length: Math.max(bytes.length - at, 4096) * 2 };
      offset = start + end;
      continue;
    }
    if (valueStart + length > fileSize) throw truncated('element runs past the end');
    if (wanted.has(tag)) {
      const valueAt = at + header.size;
      if (valueAt + length > bytes.length)
        return { kind: 'need', offset, length: header.size + length };
      const copy = bytes.slice(valueAt, valueAt + length);
      found.push({
        tag,
        vr,
        bytes: copy,
        syntax,
        start: 0,
        valueStart: 0,
        length,
        end: length,
      });
    }
    offset = valueStart + length;
  }
}

/**
 * The window offset just past the delimiter of an undefined-length sequence whose items start at
 * `at`, or undefined when it lies past the window. Items of defined length are jumped over.
 */
function skipItems(
  bytes: Uint8Array,
  view: DataView,
  at: number,
  syntax: Syntax,
  depth: number,
): number | undefined {
  if (depth > MAX_SEQUENCE_DEPTH)
    throw new DicomFormatError(`sequence nesting deeper than ${MAX_SEQUENCE_DEPTH}`, 'too-deep');
  for (;;) {
    const header = headerAt(bytes, view, at, syntax);
    if (header === undefined) return undefined;
    at += 8;
    if (header.tag === SEQUENCE_END) return at;
    if (header.tag !== ITEM) throw new DicomFormatError('bad item tag');
    if (header.length !== UNDEFINED) {
      at += header.length;
      continue;
    }
    const end = skipElements(bytes, view, at, syntax, depth);
    if (end === undefined) return undefined;
    at = end;
  }
}

/** Past the Item Delimitation of an undefined-length item's elements, or undefined past the window. */
function skipElements(
  bytes: Uint8Array,
  view: DataView,
  at: number,
  syntax: Syntax,
  depth: number,
): number | undefined {
  for (;;) {
    const header = headerAt(bytes, view, at, syntax);
    if (header === undefined) return undefined;
    if (header.tag === ITEM_END) return at + 8;
    at += header.size;
    if (header.length !== UNDEFINED) {
      at += header.length;
      continue;
    }
    if (syntax.explicitVr && header.vr !== 'SQ' && header.vr !== 'UN')
      throw new DicomFormatError('undefined length on a non-sequence');
    const inner = header.vr === 'UN' && syntax.explicitVr ? IMPLICIT_LE : syntax;
    const end = skipItems(bytes, view, at, inner, depth + 1);
    if (end === undefined) return undefined;
    at = end;
  }
}
