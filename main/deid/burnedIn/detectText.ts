/**
 * The burned-in text detector: finds text drawn into one frame's pixels with no model and no
 * network, from what makes overlay text text: thin strokes standing out sharply from what is
 * behind them (local contrast, `morphology`), glyph-sized blobs (`components`), side by side in
 * lines (`textLines`). It errs towards masking: a missed name is a leak, a masked corner is not.
 */
import type { Region } from './ruleTypes.js';
import type { ImagePixelModule } from '../imagePixelModule.js';
import { findBlobs } from './components.js';
import { framePlanes } from './framePlanes.js';
import { localContrast } from './morphology.js';
import { clearThinLines } from './thinLines.js';
import {
  DEFAULT_TUNING,
  judgeLine,
  lineRegion,
  textLines,
  type DetectorTuning,
} from './textLines.js';

export interface FrameText {
  /** Text for sure: masked. */
  text: Region[];
  /** Might be text: masked as well, and the image is held back for a person to look at. */
  unsure: Region[];
  /** Short faint shapes: masked, nothing more. */
  specks: Region[];
}

/** Half the window of the contrast filter: strokes up to 2r pixels wide (fonts to ~60 px) stand out. */
const RADIUS = 4;

export function detectTextInPlanes(
  planes: readonly Uint8Array[],
  width: number,
  height: number,
  tuning: DetectorTuning = DEFAULT_TUNING,
): FrameText {
  const contrast = new Uint8Array(width * height);
  // Colour ultrasound is mostly grey: a plane equal to one already read adds nothing.
  const distinct = planes.filter(
    (plane, index) =>
      !planes
        .slice(0, index)
        .some((earlier) =>
          Buffer.from(earlier.buffer, earlier.byteOffset, earlier.byteLength).equals(plane),
        ),
  );
  for (const plane of distinct) localContrast(plane, width, height, RADIUS, contrast);
  clearThinLines(contrast, width, height, tuning.growContrast, tuning.maxHeight);
  const blobs = findBlobs(
    contrast,
    width,
    height,
    tuning.blobContrast,
    tuning.strongContrast,
    tuning.growContrast,
  );
  const found: FrameText = { text: [], unsure: [], specks: [] };
  for (const line of textLines(blobs, tuning)) {
    const verdict = judgeLine(line, { width, height }, tuning);
    if (verdict === 'notText') continue;
    found[verdict === 'speck' ? 'specks' : verdict].push(lineRegion(line, width, height));
  }
  return found;
}

export function detectTextInFrame(frame: Uint8Array, image: ImagePixelModule): FrameText {
  const { planes, width, height } = framePlanes(frame, image);
  return detectTextInPlanes(planes, width, height);
}
