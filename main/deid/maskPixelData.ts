/**
 * Blanks rectangles of every frame of the pixel data (Clean Pixel Data Option, PS3.15 E.3.1).
 * Native pixel data is masked in a copy of its bytes. Encapsulated pixel data is decoded
 * (`decodeFrames`), masked and written back natively in Explicit VR Little Endian: lossless, and
 * the transfer syntax changes with it (PS3.5 §10).
 */
import {
  encodeText,
  findElement,
  valueOf,
  type DicomFile,
  type OutElement,
} from '../dicom/index.js';
import { decodeFrames, PixelDecodeError } from './decodeFrames.js';
import { imagePixelModule, type ImagePixelModule } from './imagePixelModule.js';
import type { Region } from './burnedInTextRules.js';

/** Sets the pixels of `regions` to 0 in one native frame (all samples, either planar configuration). */
export function maskFrame(
  frame: Uint8Array,
  image: ImagePixelModule,
  regions: readonly Region[],
): void {
  const bytesPerSample = image.bitsAllocated / 8;
  const { rows, columns, samplesPerPixel } = image;
  for (const region of regions) {
    const x0 = Math.max(0, region.x);
    const y0 = Math.max(0, region.y);
    const x1 = Math.min(columns, region.x + region.width);
    const y1 = Math.min(rows, region.y + region.height);
    if (x1 <= x0 || y1 <= y0) continue;
    for (let y = y0; y < y1; y++) {
      if (image.planarConfiguration === 1 && samplesPerPixel > 1) {
        for (let sample = 0; sample < samplesPerPixel; sample++) {
          const plane = sample * rows * columns * bytesPerSample;
          frame.fill(
            0,
            plane + (y * columns + x0) * bytesPerSample,
            plane + (y * columns + x1) * bytesPerSample,
          );
        }
      } else {
        const pixelBytes = samplesPerPixel * bytesPerSample;
        frame.fill(0, (y * columns + x0) * pixelBytes, (y * columns + x1) * pixelBytes);
      }
    }
  }
}

export interface MaskedPixels {
  pixelData: OutElement;
  /** Elements to replace because the encoding changed (Photometric Interpretation, Planar Configuration). */
  replacements: OutElement[];
  /** The transfer syntax of the output: unchanged for native input, Explicit VR Little Endian after decoding. */
  transferSyntaxUid: string;
  decompressed: boolean;
}

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/**
 * What to blank: rectangles in every frame, rectangles per frame (burned-in text found by the
 * detector), or a per-frame voxel mask (1 = blank) from defacing.
 */
export type PixelEdit =
  | { kind: 'regions'; regions: readonly Region[] }
  | { kind: 'frameRegions'; regions: readonly (readonly Region[])[] }
  | { kind: 'voxels'; masks: readonly (Uint8Array | undefined)[] };

function applyEdit(
  frame: Uint8Array,
  index: number,
  image: ImagePixelModule,
  edit: PixelEdit,
): void {
  if (edit.kind === 'regions') {
    maskFrame(frame, image, edit.regions);
    return;
  }
  if (edit.kind === 'frameRegions') {
    maskFrame(frame, image, edit.regions[index] ?? []);
    return;
  }
  const mask = edit.masks[index];
  if (mask === undefined) return;
  const pixelBytes = image.samplesPerPixel * (image.bitsAllocated / 8);
  // One fill per run of blanked pixels, not per pixel: a defaced slice is mostly long runs.
  for (let pixel = 0; pixel < mask.length; pixel++) {
    if (!mask[pixel]) continue;
    let end = pixel + 1;
    while (end < mask.length && mask[end]) end++;
    frame.fill(0, pixel * pixelBytes, end * pixelBytes);
    pixel = end;
  }
}

export async function maskPixelData(file: DicomFile, edit: PixelEdit): Promise<MaskedPixels> {
  const pixel = findElement(file.body, 0x7fe00010);
  if (pixel === undefined) throw new PixelDecodeError('no pixel data');
  const image = imagePixelModule(file.body);
  if (image.bitsAllocated % 8 !== 0) throw new PixelDecodeError('bit-packed pixel data');
  if (pixel.fragments === undefined) {
    const bytes = new Uint8Array(valueOf(pixel));
    const frameSize =
      image.rows * image.columns * image.samplesPerPixel * (image.bitsAllocated / 8);
    for (let frame = 0; frame < image.frames; frame++) {
      if ((frame + 1) * frameSize > bytes.length) break;
      applyEdit(bytes.subarray(frame * frameSize, (frame + 1) * frameSize), frame, image, edit);
    }
    return {
      pixelData: { kind: 'value', tag: pixel.tag, vr: pixel.vr, value: bytes },
      replacements: [],
      transferSyntaxUid: file.transferSyntaxUid,
      decompressed: false,
    };
  }
  const decoded = await decodeFrames(file.transferSyntaxUid, pixel, image);
  decoded.frames.forEach((frame, index) => applyEdit(frame, index, decoded.image, edit));
  const joined = Buffer.concat(decoded.frames);
  const value = joined.length % 2 === 0 ? joined : Buffer.concat([joined, Buffer.alloc(1)]);
  const replacements: OutElement[] = [
    {
      kind: 'value',
      tag: 0x00280004,
      vr: 'CS',
      value: encodeText(decoded.image.photometricInterpretation, 'CS'),
    },
  ];
  if (decoded.image.samplesPerPixel > 1) {
    const planar = Buffer.alloc(2);
    planar.writeUInt16LE(decoded.image.planarConfiguration);
    replacements.push({ kind: 'value', tag: 0x00280006, vr: 'US', value: planar });
  }
  return {
    pixelData: {
      kind: 'value',
      tag: pixel.tag,
      vr: decoded.image.bitsAllocated > 8 ? 'OW' : 'OB',
      value,
    },
    replacements,
    transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    decompressed: true,
  };
}
