/**
 * What Clean Pixel Data does to one instance: the rule's regions for its layout, then the text
 * detector on every frame (with the rule's regions already blanked, so what it finds is what the
 * rule missed), and the verdict: cleaned and verified, or held back for a person to look at.
 */
import type { DicomFile } from '../../dicom/index.js';
import { burnedInTextRuleFor, type BurnedInTextRule } from '../burnedInTextRules.js';
import type { ImagePixelModule } from '../imagePixelModule.js';
import { maskFrame } from '../maskPixelData.js';
import { detectTextInFrame } from './detectText.js';
import { mayCarryText } from './mayCarryText.js';
import { nativeFrames } from './nativeFrames.js';
import type { Region } from './ruleTypes.js';

export type HoldReason = 'textUnsure' | 'burnedInTextWithoutRule' | 'tooMuchText';

export interface PixelCleaningPlan {
  rule: BurnedInTextRule | undefined;
  /** Per frame, every rectangle to blank (the rule's and the detector's); undefined when none. */
  frameRegions: Region[][] | undefined;
  /** What the detector found beyond the rule, over all frames (the same rectangle once). */
  detected: Region[];
  scanned: boolean;
  /** Why a person must look first; undefined when the pixels were checked and are clean. */
  hold: HoldReason | undefined;
  /** The first frame as it will be sent (masked), for the review thumbnail; only when scanned. */
  firstFrame: { frame: Uint8Array; image: ImagePixelModule } | undefined;
}

export interface ImageFacts {
  modality: string;
  manufacturer: string;
  model: string;
  burnedInAnnotation: string;
}

/** A masked area beyond this share of a frame: the image is mostly text (a document, a report screen). */
const TOO_MUCH_TEXT = 0.3;

function areaOf(regions: readonly Region[], width: number, height: number): number {
  const covered = new Uint8Array(width * height);
  for (const r of regions)
    for (let y = Math.max(0, r.y); y < Math.min(height, r.y + r.height); y++)
      covered.fill(1, y * width + Math.max(0, r.x), y * width + Math.min(width, r.x + r.width));
  let count = 0;
  for (const value of covered) count += value;
  return count;
}

export async function planPixelCleaning(
  file: DicomFile,
  facts: ImageFacts,
  image: ImagePixelModule,
  rules: readonly BurnedInTextRule[],
): Promise<PixelCleaningPlan> {
  const rule = burnedInTextRuleFor({ ...facts, rows: image.rows, columns: image.columns }, rules);
  const ruleRegions: Region[] = (rule?.regions ?? []).map(({ x, y, width, height }) => ({
    x,
    y,
    width,
    height,
  }));
  if (rule === undefined && !mayCarryText(file, facts.modality, facts.burnedInAnnotation, image))
    return {
      rule,
      frameRegions: undefined,
      detected: [],
      scanned: false,
      hold: undefined,
      firstFrame: undefined,
    };
  // Decoding may fail (PixelDecodeError): the caller leaves such an image out.
  const decoded = await nativeFrames(file);
  const frameRegions: Region[][] = [];
  const detected = new Map<string, Region>();
  let unsure = false;
  let tooMuch = false;
  let firstFrame: PixelCleaningPlan['firstFrame'];
  for (const [index, frame] of decoded.frames.entries()) {
    const working = new Uint8Array(frame);
    maskFrame(working, decoded.image, ruleRegions);
    const found = detectTextInFrame(working, decoded.image);
    const beyondRule = [...found.text, ...found.unsure, ...found.specks];
    if (found.unsure.length > 0) unsure = true;
    for (const region of beyondRule)
      detected.set(`${region.x},${region.y},${region.width},${region.height}`, region);
    const regions = [...ruleRegions, ...beyondRule];
    if (areaOf(regions, image.columns, image.rows) > TOO_MUCH_TEXT * image.rows * image.columns)
      tooMuch = true;
    frameRegions.push(regions);
    if (index === 0) {
      maskFrame(working, decoded.image, beyondRule);
      firstFrame = { frame: working, image: decoded.image };
    }
  }
  const hold: HoldReason | undefined = tooMuch
    ? 'tooMuchText'
    : unsure
      ? 'textUnsure'
      : rule === undefined && facts.burnedInAnnotation === 'YES'
        ? // The file says text is burned in and no layout of ours names where: a person looks.
          'burnedInTextWithoutRule'
        : undefined;
  return {
    rule,
    frameRegions: frameRegions.some((regions) => regions.length > 0) ? frameRegions : undefined,
    detected: [...detected.values()],
    scanned: true,
    hold,
    firstFrame,
  };
}
