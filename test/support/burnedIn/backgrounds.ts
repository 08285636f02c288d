/**
 * Real image backgrounds for the burned-in text set, from the test data: parts of the images
 * without text in them (the ultrasound sector, a CT slice, a brain MR, a colour photograph and the
 * colour ultrasound's sector), as 8-bit canvases.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDicomFile } from '../../../main/dicom/index.js';
import { framePlanes } from '../../../main/deid/burnedIn/framePlanes.js';
import { nativeFrames } from '../../../main/deid/burnedIn/nativeFrames.js';
import { testData } from '../paths.js';
import type { Canvas } from './textSet.js';

async function planesOf(path: string) {
  const file = parseDicomFile(readFileSync(path));
  const { frames, image } = await nativeFrames(file);
  return framePlanes(frames[0]!, image);
}

/** A width x height canvas from (x, y) of the image; outside the image is black. */
async function crop(
  path: string,
  channels: 1 | 3,
  x: number,
  y: number,
  width: number,
  height: number,
): Promise<Canvas> {
  const source = await planesOf(path);
  const pixels = new Uint8Array(width * height * channels);
  for (let row = 0; row < height; row++)
    for (let column = 0; column < width; column++) {
      const sx = column + x;
      const sy = row + y;
      if (sx >= source.width || sy >= source.height) continue;
      for (let c = 0; c < channels; c++)
        pixels[(row * width + column) * channels + c] =
          source.planes[Math.min(c, source.planes.length - 1)]![sy * source.width + sx]!;
    }
  return { width, height, channels, pixels };
}

export async function greyBackgrounds(): Promise<Canvas[]> {
  return [
    await crop(join(testData('deid-pixels'), 'GREYSCALE_IMAGE.dcm'), 1, 200, 190, 512, 512),
    await crop(join(testData('seg-ct-dcmqi'), 'ct-3slice/01.dcm'), 1, 0, 0, 512, 512),
    await crop(join(testData('mr-transfer-syntaxes-dcm_qa_ts'), '1.dcm'), 1, 0, 0, 512, 512),
  ];
}

export async function colourBackgrounds(): Promise<Canvas[]> {
  const photo = join(testData('deid-pixels'), 'COOKIE_PHOTO.dcm');
  return [
    await crop(photo, 3, 0, 0, 1024, 768),
    await crop(photo, 3, 900, 600, 1024, 768),
    // The colour ultrasound's sector, without its text (the header, right column and caption).
    await crop(join(testData('deid-pixels'), 'RGB_IMAGE.dcm'), 3, 60, 60, 1024, 768).then(
      (canvas) => {
        for (let row = 0; row < canvas.height; row++)
          for (let column = 0; column < canvas.width; column++)
            if (column >= 830 || row >= 660 || row < 25)
              canvas.pixels.fill(
                0,
                (row * canvas.width + column) * 3,
                (row * canvas.width + column + 1) * 3,
              );
        return canvas;
      },
    ),
  ];
}
