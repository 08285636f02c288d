/**
 * Text planted into a real DICOM file's native 8-bit pixels (grey or pixel-interleaved RGB), the
 * rest of the file byte for byte: the input of the end-to-end Clean Pixel Data tests, with the ink
 * of every planted line known.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { findElement, parseDicomFile } from '../../../main/dicom/index.js';
import { imagePixelModule } from '../../../main/deid/imagePixelModule.js';
import type { Canvas, PlantedLine } from './textSet.js';

export interface DicomCanvas {
  bytes: Buffer;
  canvas: Canvas;
  /** Writes the file with the canvas's pixels. */
  save(path: string): void;
}

export function openDicomCanvas(path: string): DicomCanvas {
  const bytes = Buffer.from(readFileSync(path));
  const file = parseDicomFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const pixel = findElement(file.body, 0x7fe00010)!;
  const image = imagePixelModule(file.body);
  if (pixel.fragments !== undefined || image.bitsAllocated !== 8 || image.planarConfiguration !== 0)
    throw new Error('native 8-bit pixel-interleaved pixel data only');
  const start = pixel.bytes.byteOffset - bytes.byteOffset + pixel.valueStart;
  const length = image.rows * image.columns * image.samplesPerPixel;
  const canvas: Canvas = {
    width: image.columns,
    height: image.rows,
    channels: image.samplesPerPixel === 3 ? 3 : 1,
    pixels: new Uint8Array(bytes.buffer, bytes.byteOffset + start, length),
  };
  return { bytes, canvas, save: (to) => writeFileSync(to, bytes) };
}

/** Ink pixels of `lines` not blank (0 in every sample) in `pixels`, laid out as `canvas`. */
export function inkLeft(canvas: Canvas, pixels: Uint8Array, lines: readonly PlantedLine[]): number {
  let left = 0;
  for (const line of lines)
    for (const pixel of line.ink)
      for (let c = 0; c < canvas.channels; c++)
        if (pixels[pixel * canvas.channels + c] !== 0) {
          left++;
          break;
        }
  return left;
}
