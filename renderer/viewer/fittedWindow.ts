/**
 * The window an image opens with. The file's own Window Center/Width (PS3.3 C.11.2 VOI LUT
 * Module) is used when it shows the pixels; files that were shrunk or edited after the window was
 * set (the 16 x 16 pydicom test images keep the window of the full image) can carry one that
 * clips nearly every pixel to black or white, a flat square. Then the next of the file's windows
 * that fits is used, or else the pixels' own min/max, as cornerstone does for files with no
 * window at all. A window that shows pixels in few grey levels is left alone: a uniform phantom
 * in its proper window looks flat too, and a reader asked for that window.
 */
import { Enums, eventTarget, metaData, type Types } from '@cornerstonejs/core';

export interface ImageWindow {
  center: number;
  width: number;
}

/** Below this share of pixels inside the window, the image is nearly all black or all white. */
const MIN_INSIDE = 0.02;
/**
 * Enough pixels to judge a window by, whatever the image size: the share inside a window is
 * known to about a percent from 4096 of them. (Every slice of a volume is checked as it
 * arrives; 65,536 samples cost 0.8 s of the page's thread over a 600-slice CT.)
 */
const MAX_SAMPLES = 4096;

interface Spread {
  min: number;
  max: number;
}

function spreadOf(
  values: ArrayLike<number>,
  toModality: (value: number) => number,
): { samples: Float64Array; range: Spread } {
  const step = Math.max(1, Math.floor(values.length / MAX_SAMPLES));
  const samples = new Float64Array(Math.ceil(values.length / step));
  let min = Infinity;
  let max = -Infinity;
  for (let index = 0, sample = 0; index < values.length; index += step) {
    const value = toModality(values[index]!);
    samples[sample++] = value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { samples, range: { min, max } };
}

/** Whether the window shows the pixels: not (nearly) all of them clipped to black or white. */
export function windowFits(samples: ArrayLike<number>, { center, width }: ImageWindow): boolean {
  if (!(width > 0) || samples.length === 0) return false;
  const lower = center - width / 2;
  const upper = center + width / 2;
  let inside = 0;
  for (let index = 0; index < samples.length; index++) {
    const value = samples[index]!;
    if (value > lower && value < upper) inside++;
  }
  return inside / samples.length >= MIN_INSIDE;
}

/**
 * The first of the file's windows that fits the pixels (modality values), or their min/max.
 * `undefined` when the first one fits, so nothing needs to change.
 */
export function fittedWindow(
  values: ArrayLike<number>,
  toModality: (value: number) => number,
  windows: readonly ImageWindow[],
): ImageWindow | undefined {
  const { samples, range } = spreadOf(values, toModality);
  const fitting = windows.findIndex((window) => windowFits(samples, window));
  if (fitting === 0 || windows.length === 0 || !Number.isFinite(range.min)) return undefined;
  if (fitting > 0) return windows[fitting];
  // A uniform image gets a window of width 1 around its value, as cornerstone gives it.
  return { center: (range.min + range.max) / 2, width: Math.max(1, range.max - range.min) };
}

function fileWindows(imageId: string): ImageWindow[] {
  const module = metaData.get('voiLutModule', imageId) as
    | { windowCenter?: number | number[]; windowWidth?: number | number[] }
    | undefined;
  const list = (value: number | number[] | undefined): number[] =>
    value === undefined ? [] : Array.isArray(value) ? value : [value];
  const centers = list(module?.windowCenter);
  const widths = list(module?.windowWidth);
  return centers.flatMap((center, index) =>
    widths[index] === undefined ? [] : [{ center, width: widths[index] }],
  );
}

function fitImage(image: Types.IImage): void {
  // Colour images and VOI LUT tables are drawn as the file says.
  if (image.color || image.voiLUT !== undefined) return;
  const windows = fileWindows(image.imageId);
  if (windows.length === 0) return;
  const scaled = image.preScale?.scaled === true;
  const slope = image.slope ?? 1;
  const intercept = image.intercept ?? 0;
  const window = fittedWindow(
    image.getPixelData(),
    scaled ? (value) => value : (value) => value * slope + intercept,
    windows,
  );
  if (window === undefined) return;
  image.windowCenter = window.center;
  image.windowWidth = window.width;
}

let installed = false;
/** Images already checked: IMAGE_LOADED fires again each time a cached image is asked for. */
const checked = new WeakSet<Types.IImage>();

/**
 * Checks every image as it loads, before a viewport first draws it (cornerstone announces a
 * loaded image before it hands it to the viewport that asked), and in the image cornerstone
 * caches, so a reset returns to the same window.
 */
export function fitDefaultWindows(): void {
  if (installed) return;
  installed = true;
  eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, (event: Event) => {
    const image = (event as CustomEvent<{ image?: Types.IImage }>).detail.image;
    if (image === undefined || checked.has(image)) return;
    checked.add(image);
    fitImage(image);
  });
}
