/**
 * Embedded metadata of encapsulated pixel data (PS3.5 A.4): each frame's JPEG, JPEG-LS, JPEG 2000
 * or HTJ2K stream loses its comments and application segments (jpegSegments.ts,
 * jpeg2000Segments.ts) without being re-encoded. A frame may span fragments: they are joined,
 * stripped and written back as one fragment (padded to an even length); frames with nothing to
 * strip keep their fragments byte for byte. The Basic Offset Table and the Extended Offset Table
 * (PS3.3 C.7.6.3.1.8) are rewritten for the new positions and lengths.
 */
import { findElement, type DataElement, type OutElement } from '../dicom/index.js';
import {
  isJp2File,
  isJpeg2000Codestream,
  stripJp2File,
  stripJpeg2000Codestream,
} from './jpeg2000Segments.js';
import { isJpegStream, stripJpegFrame, type StrippedFrame } from './jpegSegments.js';

const PIXEL_DATA = 0x7fe00010;
const EXTENDED_OFFSET_TABLE = 0x7fe00001;
const EXTENDED_OFFSET_TABLE_LENGTHS = 0x7fe00002;

export interface StrippedPixelData {
  /** The new Pixel Data, and the new Extended Offset Table and its Lengths when the input had them. */
  elements: OutElement[];
  /** What went, by kind ("APP1", "COM", "xml box"), sorted, each once: never a value. */
  removed: string[];
}

type Range = { start: number; end: number };

function stripFrame(frame: Uint8Array): StrippedFrame | undefined {
  return stripJpegFrame(frame) ?? stripJpeg2000Codestream(frame) ?? stripJp2File(frame);
}

function startsStream(bytes: Uint8Array): boolean {
  return isJpegStream(bytes) || isJpeg2000Codestream(bytes) || isJp2File(bytes);
}

function uint32s(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let at = 0; at + 4 <= view.byteLength; at += 4) out.push(view.getUint32(at, true));
  return out;
}

function uint64s(element: DataElement | undefined): number[] | undefined {
  if (element === undefined || element.length === 0xffffffff || element.length % 8 !== 0)
    return undefined;
  const bytes = element.bytes.subarray(element.valueStart, element.valueStart + element.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let at = 0; at + 8 <= view.byteLength; at += 8)
    out.push(Number(view.getBigUint64(at, true)));
  return out;
}

/**
 * Which fragments make each frame (PS3.5 A.4): by the Extended or Basic Offset Table, else one
 * frame in all fragments, one fragment per frame, or a new frame at each fragment that starts a
 * stream. Undefined when none of these accounts for the frames.
 */
export function frameFragments(
  bytes: Uint8Array,
  data: readonly Range[],
  table: Range,
  frames: number,
  extendedOffsets: readonly number[] | undefined,
): number[][] | undefined {
  if (data.length === 0) return undefined;
  const first = data[0]!.start;
  const offsets =
    extendedOffsets ??
    (table.end > table.start ? uint32s(bytes.subarray(table.start, table.end)) : undefined);
  if (offsets !== undefined && offsets.length === frames) {
    const groups = offsets.map((offset, frame) => {
      const next = offsets[frame + 1];
      // Offsets count from the first fragment's item tag, 8 bytes before its value.
      return data
        .map((fragment, index) => ({ at: fragment.start - first, index }))
        .filter(({ at }) => at >= offset && (next === undefined || at < next))
        .map(({ index }) => index);
    });
    const covered = groups.reduce((sum, group) => sum + group.length, 0);
    if (groups.every((group) => group.length > 0) && covered === data.length) return groups;
    return undefined;
  }
  if (frames === 1) return [data.map((_, index) => index)];
  if (data.length === frames) return data.map((_, index) => [index]);
  const starts = data
    .map((fragment, index) =>
      startsStream(bytes.subarray(fragment.start, fragment.end)) ? index : -1,
    )
    .filter((index) => index >= 0);
  if (starts.length !== frames || starts[0] !== 0) return undefined;
  return starts.map((start, frame) =>
    Array.from({ length: (starts[frame + 1] ?? data.length) - start }, (_, step) => start + step),
  );
}

function uint64Value(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((value, index) => view.setBigUint64(index * 8, BigInt(value), true));
  return out;
}

/**
 * Pixel data with every frame's embedded metadata removed; undefined when it is not encapsulated,
 * its frames cannot be found, or nothing had to go (the element is then copied as it is).
 */
export function stripEncapsulatedMetadata(
  body: readonly DataElement[],
  frames: number,
): StrippedPixelData | undefined {
  const pixel = findElement(body, PIXEL_DATA);
  const [table, ...data] = pixel?.fragments ?? [];
  if (pixel === undefined || table === undefined) return undefined;
  const extendedTable = findElement(body, EXTENDED_OFFSET_TABLE);
  const groups = frameFragments(pixel.bytes, data, table, frames, uint64s(extendedTable));
  if (groups === undefined) return undefined;
  const slice = (range: Range): Uint8Array => pixel.bytes.subarray(range.start, range.end);

  const removed = new Set<string>();
  const frameParts = groups.map((group): Uint8Array[] => {
    const parts = group.map((index) => slice(data[index]!));
    const joined = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const stripped = stripFrame(joined);
    if (stripped === undefined || stripped.removed.length === 0) return parts;
    for (const kind of stripped.removed) removed.add(kind);
    // Items have even lengths (PS3.5 A.4): one trailing NUL, as the standard pads a stream.
    return [
      stripped.bytes.length % 2 === 0
        ? stripped.bytes
        : Buffer.concat([stripped.bytes, new Uint8Array(1)]),
    ];
  });
  if (removed.size === 0) return undefined;

  const offsets: number[] = [];
  const lengths: number[] = [];
  let position = 0;
  for (const parts of frameParts) {
    offsets.push(position);
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    lengths.push(length);
    position += parts.reduce((sum, part) => sum + 8 + part.length, 0);
  }
  const basicOffsetTable = new Uint8Array(table.end > table.start ? offsets.length * 4 : 0);
  const tableView = new DataView(basicOffsetTable.buffer);
  for (let frame = 0; frame * 4 < basicOffsetTable.length; frame++)
    tableView.setUint32(frame * 4, offsets[frame]!, true);
  const elements: OutElement[] = [
    { kind: 'fragments', tag: PIXEL_DATA, fragments: [basicOffsetTable, ...frameParts.flat()] },
  ];
  if (extendedTable !== undefined) {
    elements.push(
      { kind: 'value', tag: EXTENDED_OFFSET_TABLE, vr: 'OV', value: uint64Value(offsets) },
      { kind: 'value', tag: EXTENDED_OFFSET_TABLE_LENGTHS, vr: 'OV', value: uint64Value(lengths) },
    );
  }
  return { elements, removed: [...removed].sort() };
}
