/**
 * The overlay planes that belong on one image frame, read from the file's parsed data set.
 *
 * - PS3.3 C.9.2 Overlay Plane Module: up to 16 planes in the repeating groups 6000-601E (even),
 *   each one bit deep, Overlay Rows/Columns, Overlay Origin (row\column, 1-based, may lie outside
 *   the image), Overlay Type G (graphics) or R (region of interest), bits in Overlay Data
 *   (60xx,3000).
 * - PS3.3 C.9.3 Multi-frame Overlay Module: Number of Frames in Overlay frames in one contiguous
 *   bit stream (no padding between frames, PS3.5 §8.1.2), the first applying to Image Frame
 *   Origin (1 when absent). An overlay without Number of Frames in Overlay has one frame and is
 *   drawn on every frame, as most viewers do.
 * - Retired (PS3.3-2004 C.9.2, PS3.5-2004 §8.1.2): overlay bits embedded in unused high bits of
 *   native Pixel Data, marked by Overlay Bits Allocated equal to Bits Allocated and an Overlay
 *   Bit Position, with no Overlay Data.
 */
import type { DataSet } from 'dicom-parser';

export type OverlayType = 'G' | 'R';

export interface OverlayPlane {
  /** Repeating group, 0x6000 to 0x601E. */
  group: number;
  rows: number;
  columns: number;
  /** 0-based image row and column of the overlay's first pixel. */
  top: number;
  left: number;
  type: OverlayType;
  /** One byte per overlay pixel, row by row: 1 where the overlay is set. */
  bits: Uint8Array;
  /** Overlay Description (60xx,0022) and Overlay Label (60xx,1500), when given. */
  description: string | undefined;
  label: string | undefined;
}

const FIRST_GROUP = 0x6000;
const LAST_GROUP = 0x601e;
const EXPLICIT_BIG_ENDIAN = '1.2.840.10008.1.2.2';

function tag(group: number, element: number): string {
  return `x${group.toString(16).padStart(4, '0')}${element.toString(16).padStart(4, '0')}`;
}

/** Which 0-based frame of the overlay's data applies to the 1-based image frame, if any. */
function overlayFrameFor(dataSet: DataSet, group: number, imageFrame: number): number | undefined {
  const frames = dataSet.intString(tag(group, 0x0015));
  if (frames === undefined || !(frames > 0)) return 0;
  const origin = dataSet.uint16(tag(group, 0x0051)) ?? 1;
  const index = imageFrame - origin;
  return index >= 0 && index < frames ? index : undefined;
}

/**
 * Unpacks one overlay frame from Overlay Data. The bit stream fills 16-bit words from their least
 * significant bit (PS3.5 §8.1.2), so in little endian files bytes fill from their least significant
 * bit too, and in big endian OW data the two bytes of each word are swapped.
 */
function unpackOverlayData(
  dataSet: DataSet,
  group: number,
  count: number,
  frame: number,
): Uint8Array {
  const element = dataSet.elements[tag(group, 0x3000)]!;
  const swapped = dataSet.string('x00020010') === EXPLICIT_BIG_ENDIAN && element.vr !== 'OB';
  const bytes = dataSet.byteArray;
  const bits = new Uint8Array(count);
  const start = frame * count;
  for (let pixel = 0; pixel < count; pixel++) {
    const bit = start + pixel;
    let byte = bit >> 3;
    if (swapped) byte ^= 1;
    if (byte >= element.length) break;
    bits[pixel] = (bytes[element.dataOffset + byte]! >> (bit & 7)) & 1;
  }
  return bits;
}

/** Reads the retired embedded form from one bit of each native pixel value of the frame. */
function unpackEmbedded(
  dataSet: DataSet,
  bitPosition: number,
  imageFrame: number,
): Uint8Array | undefined {
  const pixelData = dataSet.elements['x7fe00010'];
  const bitsAllocated = dataSet.uint16('x00280100');
  const rows = dataSet.uint16('x00280010') ?? 0;
  const columns = dataSet.uint16('x00280011') ?? 0;
  const samples = dataSet.uint16('x00280002') ?? 1;
  // Embedding was defined for one sample per pixel and native (uncompressed) pixel data only.
  if (pixelData === undefined || pixelData.encapsulatedPixelData === true || samples !== 1)
    return undefined;
  if ((bitsAllocated !== 8 && bitsAllocated !== 16) || bitPosition >= bitsAllocated)
    return undefined;
  // Only bits above High Bit were free to carry an overlay; below it they are the image.
  if (bitPosition <= (dataSet.uint16('x00280102') ?? bitsAllocated - 1)) return undefined;
  const bytesPerPixel = bitsAllocated / 8;
  const count = rows * columns;
  const start = pixelData.dataOffset + (imageFrame - 1) * count * bytesPerPixel;
  if ((imageFrame - 1) * count * bytesPerPixel + count * bytesPerPixel > pixelData.length)
    return undefined;
  const bigEndian = dataSet.string('x00020010') === EXPLICIT_BIG_ENDIAN;
  const bytes = dataSet.byteArray;
  const bits = new Uint8Array(count);
  for (let pixel = 0; pixel < count; pixel++) {
    const offset = start + pixel * bytesPerPixel;
    const value =
      bytesPerPixel === 1
        ? bytes[offset]!
        : bigEndian
          ? (bytes[offset]! << 8) | bytes[offset + 1]!
          : bytes[offset]! | (bytes[offset + 1]! << 8);
    bits[pixel] = (value >> bitPosition) & 1;
  }
  return bits;
}

/** Every overlay plane of the data set that applies to image frame `imageFrame` (1-based). */
export function overlayPlanesOfFrame(dataSet: DataSet, imageFrame = 1): OverlayPlane[] {
  const planes: OverlayPlane[] = [];
  for (let group = FIRST_GROUP; group <= LAST_GROUP; group += 2) {
    const hasData = dataSet.elements[tag(group, 0x3000)] !== undefined;
    const bitsAllocated = dataSet.uint16(tag(group, 0x0100));
    const embedded = !hasData && bitsAllocated !== undefined && bitsAllocated > 1;
    if (!hasData && !embedded) continue;
    const rows =
      dataSet.uint16(tag(group, 0x0010)) ??
      (embedded ? dataSet.uint16('x00280010') : undefined) ??
      0;
    const columns =
      dataSet.uint16(tag(group, 0x0011)) ??
      (embedded ? dataSet.uint16('x00280011') : undefined) ??
      0;
    if (rows === 0 || columns === 0) continue;
    let bits: Uint8Array | undefined;
    if (embedded) {
      bits = unpackEmbedded(dataSet, dataSet.uint16(tag(group, 0x0102)) ?? 0, imageFrame);
      if (bits !== undefined && bits.length !== rows * columns) bits = undefined;
    } else {
      const frame = overlayFrameFor(dataSet, group, imageFrame);
      bits =
        frame === undefined ? undefined : unpackOverlayData(dataSet, group, rows * columns, frame);
    }
    if (bits === undefined) continue;
    const type = dataSet.string(tag(group, 0x0040))?.trim().toUpperCase() === 'R' ? 'R' : 'G';
    planes.push({
      group,
      rows,
      columns,
      // Overlay Origin is row\column with the image's first pixel at 1\1 (PS3.3 C.9.2.1.2).
      top: (dataSet.int16(tag(group, 0x0050), 0) ?? 1) - 1,
      left: (dataSet.int16(tag(group, 0x0050), 1) ?? 1) - 1,
      type,
      bits,
      description: dataSet.string(tag(group, 0x0022)) || undefined,
      label: dataSet.string(tag(group, 0x1500)) || undefined,
    });
  }
  return planes;
}

/** Whether the data set has any overlay group at all (cheap: a few key look-ups). */
export function hasOverlayPlanes(dataSet: DataSet): boolean {
  for (let group = FIRST_GROUP; group <= LAST_GROUP; group += 2) {
    if (
      dataSet.elements[tag(group, 0x3000)] !== undefined ||
      dataSet.elements[tag(group, 0x0100)] !== undefined
    )
      return true;
  }
  return false;
}
