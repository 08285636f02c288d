/**
 * Elements, sequences and pixel data fragments of a data set (PS3.5 §7): explicit and implicit
 * VR, either byte order, undefined-length sequences and items (§7.5), UN elements holding
 * implicit-VR sequences (§6.2.2) and encapsulated pixel data (A.4).
 *
 * The parse is bounded for any input: every byte is read once (a UN value that might hold a
 * sequence is tried once, and on failure kept as bytes, never re-parsed), sequences nest at
 * most MAX_SEQUENCE_DEPTH deep, and a length that runs past the bytes is an error, never an
 * allocation.
 */
import { vrOfTag } from './dataDictionary.js';
import {
  DicomFormatError,
  IMPLICIT_LE,
  ITEM,
  ITEM_END,
  LONG_VRS,
  PIXEL_DATA,
  SEQUENCE_END,
  UNDEFINED,
  type DataElement,
  type DataItem,
  type StoppedElement,
  type Syntax,
} from './dataSet.js';

/** Real data (SR content trees, enhanced multi-frame functional groups) nests a dozen deep at most. */
export const MAX_SEQUENCE_DEPTH = 32;

/**
 * The VR of an explicit VR header from its two bytes, as one shared string, and whether it has the
 * long form: a table instead of a new string, a set lookup and a pattern test per element.
 */
export const VR_BY_CODE: (string | undefined)[] = [];
export const LONG_VR_CODES = new Uint8Array(65536);
for (let first = 0x41; first <= 0x5a; first++) {
  for (let second = 0x41; second <= 0x5a; second++) {
    const vr = String.fromCharCode(first, second);
    VR_BY_CODE[(first << 8) | second] = vr;
    if (LONG_VRS.has(vr)) LONG_VR_CODES[(first << 8) | second] = 1;
  }
}

interface Source {
  bytes: Uint8Array;
  view: DataView;
}

export interface ParsedElements {
  elements: DataElement[];
  next: number;
  stoppedAt?: StoppedElement;
}

function truncated(what: string): DicomFormatError {
  return new DicomFormatError(what, 'truncated');
}

function readTag(view: DataView, offset: number, little: boolean): number {
  return ((view.getUint16(offset, little) << 16) | view.getUint16(offset + 2, little)) >>> 0;
}

/**
 * Parses elements from `offset` to `end`, or up to an item/sequence delimiter. With `until`, stops
 * before the first element whose tag is at or past it (only meant for a top-level data set) and
 * returns that element's header as `stoppedAt`.
 */
export function parseElements(
  bytes: Uint8Array,
  offset: number,
  end: number,
  syntax: Syntax,
  until?: number,
): ParsedElements {
  if (end > bytes.length) throw truncated('data set runs past the end');
  return readElements(
    { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
    offset,
    end,
    syntax,
    0,
    until,
  );
}

function readElements(
  source: Source,
  offset: number,
  end: number,
  syntax: Syntax,
  depth: number,
  until?: number,
): ParsedElements {
  const { bytes, view } = source;
  const little = syntax.littleEndian;
  const elements: DataElement[] = [];
  while (offset < end) {
    if (offset + 8 > end) throw truncated('truncated element header');
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
        if (offset + 12 > end) throw truncated('truncated element header');
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
    if (until !== undefined && tag >= until)
      return { elements, next: start, stoppedAt: { tag, vr, valueStart: offset, length } };
    const element: DataElement = {
      tag,
      vr,
      bytes,
      syntax,
      start,
      valueStart: offset,
      length,
      end: 0,
    };
    if (tag === PIXEL_DATA && length === UNDEFINED) {
      element.fragments = [];
      offset = readFragments(source, element.fragments, offset, end, little);
    } else if (
      vr === 'SQ' ||
      (length === UNDEFINED && (vr === 'UN' || !syntax.explicitVr)) ||
      (vr === 'UN' && vrOfTag(tag) === 'SQ')
    ) {
      // A UN element holding a sequence (undefined length or a dictionary SQ) is encoded as
      // implicit VR little endian inside (PS3.5 §6.2.2).
      const itemSyntax = vr === 'UN' && syntax.explicitVr ? IMPLICIT_LE : syntax;
      const defined = length !== UNDEFINED;
      if (defined && length > end - offset) throw truncated('sequence runs past the end');
      const parsed = readItems(
        source,
        offset,
        defined ? offset + length : end,
        !defined,
        itemSyntax,
        depth + 1,
      );
      element.items = parsed.items;
      element.vr = vr === 'UN' && syntax.explicitVr ? 'UN' : 'SQ';
      // A defined length is the sequence's extent even if a stray delimiter ended its items early.
      offset = defined ? offset + length : parsed.next;
    } else {
      if (length === UNDEFINED) throw new DicomFormatError('undefined length on a non-sequence');
      if (length > end - offset) throw truncated('element runs past the end');
      if (vr === 'UN') {
        const items = itemsInUnknown(source, offset, length, syntax, depth + 1);
        if (items !== undefined) {
          element.items = items;
          element.vr = syntax.explicitVr ? 'UN' : 'SQ';
        }
      }
      offset += length;
    }
    element.end = offset;
    elements.push(element);
  }
  return { elements, next: offset };
}

/**
 * A private or unknown element may hold a sequence without saying so (implicit VR, or UN): it is
 * one if its value starts with an item tag and parses as items. Tried once; when the try fails
 * the value stays bytes, and the bytes are not read again (which made nested UN values cost 2^depth).
 * Hitting the depth limit is not a "no": it ends the whole parse.
 */
function itemsInUnknown(
  source: Source,
  valueStart: number,
  length: number,
  syntax: Syntax,
  depth: number,
): DataItem[] | undefined {
  if (length < 8) return undefined;
  // Inside a UN value the encoding is implicit VR little endian (PS3.5 §6.2.2).
  const inner = syntax.explicitVr ? IMPLICIT_LE : syntax;
  if (readTag(source.view, valueStart, inner.littleEndian) !== ITEM) return undefined;
  const itemLength = source.view.getUint32(valueStart + 4, inner.littleEndian);
  if (itemLength !== UNDEFINED && itemLength > length - 8) return undefined;
  try {
    return readItems(source, valueStart, valueStart + length, false, inner, depth).items;
  } catch (error) {
    if (error instanceof DicomFormatError && error.problem !== 'too-deep') return undefined;
    throw error;
  }
}

function readItems(
  source: Source,
  offset: number,
  end: number,
  delimited: boolean,
  syntax: Syntax,
  depth: number,
): { items: DataItem[]; next: number } {
  if (depth > MAX_SEQUENCE_DEPTH)
    throw new DicomFormatError(`sequence nesting deeper than ${MAX_SEQUENCE_DEPTH}`, 'too-deep');
  const { view } = source;
  const little = syntax.littleEndian;
  const items: DataItem[] = [];
  while (offset < end) {
    if (offset + 8 > end) throw truncated('truncated item header');
    const tag = readTag(view, offset, little);
    const length = view.getUint32(offset + 4, little);
    offset += 8;
    if (tag === SEQUENCE_END) return { items, next: offset };
    if (tag !== ITEM) throw new DicomFormatError('bad item tag');
    if (length === UNDEFINED) {
      const parsed = readElements(source, offset, end, syntax, depth);
      items.push({ elements: parsed.elements, undefinedLength: true, syntax });
      offset = parsed.next;
    } else {
      if (length > end - offset) throw truncated('item runs past the end');
      const parsed = readElements(source, offset, offset + length, syntax, depth);
      items.push({ elements: parsed.elements, undefinedLength: false, syntax });
      offset += length;
    }
  }
  if (delimited) throw truncated('sequence without delimiter');
  return { items, next: offset };
}

/** Encapsulated pixel data (PS3.5 A.4): items up to the sequence delimiter; returns the offset after it. */
function readFragments(
  source: Source,
  fragments: { start: number; end: number }[],
  offset: number,
  end: number,
  little: boolean,
): number {
  const { view } = source;
  for (;;) {
    if (offset + 8 > end) throw truncated('truncated pixel data fragment');
    const tag = readTag(view, offset, little);
    const length = view.getUint32(offset + 4, little);
    offset += 8;
    if (tag === SEQUENCE_END) return offset;
    if (tag !== ITEM) throw new DicomFormatError('bad pixel data fragment');
    if (length > end - offset) throw truncated('pixel data fragment runs past the end');
    fragments.push({ start: offset, end: offset + length });
    offset += length;
  }
}
