/**
 * One native frame as 8-bit planes for the text detector: each colour sample its own plane (text
 * in a colour that has the luminance of the image behind it still differs in one channel), grey
 * images of more than 8 bits scaled from their frame's own range (burned-in text is drawn at or
 * near the extremes, so a window from the data keeps it apart).
 */
import type { ImagePixelModule } from '../imagePixelModule.js';

export interface FramePlanes {
  width: number;
  height: number;
  planes: Uint8Array[];
}

const MIN_RANGE = 1024;

export function framePlanes(frame: Uint8Array, image: ImagePixelModule): FramePlanes {
  const { rows: height, columns: width, samplesPerPixel } = image;
  const pixels = width * height;
  if (image.bitsAllocated === 8) {
    if (samplesPerPixel === 1) return { width, height, planes: [frame.subarray(0, pixels)] };
    const planes = Array.from({ length: samplesPerPixel }, () => new Uint8Array(pixels));
    for (let sample = 0; sample < samplesPerPixel; sample++) {
      const plane = planes[sample]!;
      if (image.planarConfiguration === 1)
        plane.set(frame.subarray(sample * pixels, (sample + 1) * pixels));
      else for (let i = 0; i < pixels; i++) plane[i] = frame[i * samplesPerPixel + sample]!;
    }
    return { width, height, planes };
  }
  // 16-bit grey (little endian, as decoded and as native Explicit/Implicit VR LE store it).
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const signed = image.pixelRepresentation === 1;
  const values = new Int32Array(pixels * samplesPerPixel);
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length && i * 2 + 1 < frame.length; i++) {
    const value = signed ? view.getInt16(i * 2, true) : view.getUint16(i * 2, true);
    values[i] = value;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  // A frame with little signal (the end slices of a volume) is not stretched beyond 4 steps of
  // value per grey level: its noise would stand out like text.
  const scale = high > low ? 255 / Math.max(high - low, MIN_RANGE) : 0;
  const planes = Array.from({ length: samplesPerPixel }, () => new Uint8Array(pixels));
  for (let sample = 0; sample < samplesPerPixel; sample++) {
    const plane = planes[sample]!;
    for (let i = 0; i < pixels; i++) {
      const at =
        image.planarConfiguration === 1 ? sample * pixels + i : i * samplesPerPixel + sample;
      plane[i] = Math.round((values[at]! - low) * scale);
    }
  }
  return { width, height, planes };
}
