import { readFile } from 'node:fs/promises';
import { findElement, PIXEL_DATA } from './dataSet.js';
import { HeaderValues } from './headerValues.js';
import { parseDicomFile } from './parseDicomFile.js';
import { DEFLATED_EXPLICIT_LITTLE, EXPLICIT_BIG, IMPLICIT_LITTLE } from './transferSyntax.js';

/**
 * A small grey picture of one image, for the study browser. Made on demand when a series is
 * shown in the list (never during import, which reads headers only), from native (uncompressed)
 * pixel data; compressed images return null and the browser shows the modality instead, since
 * decoding JPEG family codecs in the main process would mean a second set of codecs.
 *
 * Grey levels follow the image's own first window (PS3.3 C.11.2.1.2, after the Modality LUT's
 * rescale, C.11.1.1.2), or its 1st–99th percentile range when it has none. MONOCHROME1 is
 * inverted and colour is reduced to luminance (PS3.3 C.7.6.3.1.2).
 */

export interface Thumbnail {
  width: number;
  height: number;
  /** One byte per pixel, row by row. */
  pixels: Uint8Array<ArrayBuffer>;
}

const LARGEST_SIDE = 96;
const EXPLICIT_LITTLE = '1.2.840.10008.1.2.1';
const NATIVE = new Set([IMPLICIT_LITTLE, EXPLICIT_LITTLE, EXPLICIT_BIG, DEFLATED_EXPLICIT_LITTLE]);

function firstNumber(header: HeaderValues, tag: number): number | undefined {
  const value = Number.parseFloat(header.ascii(tag).split('\\')[0] ?? '');
  return Number.isFinite(value) ? value : undefined;
}

export async function renderThumbnail(path: string, frames: number): Promise<Thumbnail | null> {
  const file = parseDicomFile(new Uint8Array(await readFile(path)));
  const header = new HeaderValues(file);
  const syntax = header.ascii(0x00020010) || IMPLICIT_LITTLE;
  const pixelData = findElement(file.body, PIXEL_DATA);
  if (!NATIVE.has(syntax) || pixelData === undefined || pixelData.fragments !== undefined)
    return null;
  const rows = header.uint16(0x00280010) ?? 0;
  const columns = header.uint16(0x00280011) ?? 0;
  const bitsAllocated = header.uint16(0x00280100) ?? 16;
  const samples = header.uint16(0x00280002) ?? 1;
  const signed = header.uint16(0x00280103) === 1;
  const planar = header.uint16(0x00280006) === 1;
  const photometric = header.ascii(0x00280004) || 'MONOCHROME2';
  if (
    rows === 0 ||
    columns === 0 ||
    (bitsAllocated !== 8 && bitsAllocated !== 16) ||
    (samples !== 1 && samples !== 3)
  )
    return null;

  const bytesPerSample = bitsAllocated / 8;
  const frameBytes = rows * columns * samples * bytesPerSample;
  const frame = Math.floor(Math.max(1, frames) / 2);
  const start = pixelData.valueStart + frame * frameBytes;
  if (start + frameBytes > pixelData.end) return null;
  const view = new DataView(pixelData.bytes.buffer, pixelData.bytes.byteOffset + start, frameBytes);
  const little = syntax !== EXPLICIT_BIG;
  const sampleAt = (index: number): number => {
    const at = index * bytesPerSample;
    if (bytesPerSample === 1) return view.getUint8(at);
    return signed ? view.getInt16(at, little) : view.getUint16(at, little);
  };
  const pixelAt = (row: number, column: number): number => {
    const pixel = row * columns + column;
    if (samples === 1) return sampleAt(pixel);
    const [r, g, b] = planar
      ? [sampleAt(pixel), sampleAt(pixel + rows * columns), sampleAt(pixel + 2 * rows * columns)]
      : [sampleAt(pixel * 3), sampleAt(pixel * 3 + 1), sampleAt(pixel * 3 + 2)];
    return 0.299 * r + 0.587 * g + 0.114 * b;
  };

  const scale = Math.max(rows, columns) / LARGEST_SIDE;
  const step = Math.max(1, scale);
  const width = Math.max(1, Math.round(columns / step));
  const height = Math.max(1, Math.round(rows / step));
  const slope = samples === 1 ? (firstNumber(header, 0x00281053) ?? 1) : 1;
  const intercept = samples === 1 ? (firstNumber(header, 0x00281052) ?? 0) : 0;
  // Box average of each thumbnail pixel's source block, in modality units.
  const values = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    const rowFrom = Math.floor(y * step);
    const rowTo = Math.min(rows, Math.max(rowFrom + 1, Math.floor((y + 1) * step)));
    for (let x = 0; x < width; x++) {
      const columnFrom = Math.floor(x * step);
      const columnTo = Math.min(columns, Math.max(columnFrom + 1, Math.floor((x + 1) * step)));
      let sum = 0;
      for (let row = rowFrom; row < rowTo; row++)
        for (let column = columnFrom; column < columnTo; column++) sum += pixelAt(row, column);
      values[y * width + x] =
        (sum / ((rowTo - rowFrom) * (columnTo - columnFrom))) * slope + intercept;
    }
  }

  const center = samples === 1 ? firstNumber(header, 0x00281050) : undefined;
  const windowWidth = samples === 1 ? firstNumber(header, 0x00281051) : undefined;
  const sorted = Float64Array.from(values).sort();
  let low = sorted[Math.floor(sorted.length * 0.01)] ?? 0;
  let high = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 1;
  if (center !== undefined && windowWidth !== undefined && windowWidth > 1) {
    // The file's window, unless it leaves almost nothing inside (a white or black square says less
    // than the image's own range).
    const inside = values.filter(
      (value) => value > center - windowWidth / 2 && value < center + windowWidth / 2,
    ).length;
    if (inside >= values.length * 0.1) {
      low = center - windowWidth / 2;
      high = center + windowWidth / 2;
    }
  }
  const range = high > low ? high - low : 1;
  const invert = photometric === 'MONOCHROME1';
  const pixels = new Uint8Array(width * height);
  for (let index = 0; index < values.length; index++) {
    const grey = Math.round(Math.min(1, Math.max(0, ((values[index] ?? 0) - low) / range)) * 255);
    pixels[index] = invert ? 255 - grey : grey;
  }
  return { width, height, pixels };
}
